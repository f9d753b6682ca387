module github.com/cluster-stacks-ts/lab/runc-shim

go 1.22
