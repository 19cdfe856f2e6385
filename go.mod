module github.com/respkit/respkit

go 1.26
