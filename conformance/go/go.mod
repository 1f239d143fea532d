module stackcheck/conformance/go

go 1.19
