package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/google/cel-go/cel"
	celtypes "github.com/google/cel-go/common/types"
)

func runCEL(args []string) (string, error) {
	fs := newFlagSet("cel")
	keys := fs.String("keys", "", "comma-separated object keys (waitFor*Condition.objects[].key)")
	expr := fs.String("expr", "", "the conditions expression")
	exprSet := false
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "expr" {
			exprSet = true
		}
	})
	if !exprSet {
		return "", usageError{"cel needs --expr"}
	}
	var keyList []string
	if *keys != "" {
		keyList = strings.Split(*keys, ",")
	}
	outputType, err := compileCondition(keyList, *expr)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("ok: output type %s\n", outputType), nil
}

// compileCondition declares the variables and compiles the expression as CSO's
// getDynamicResourceAndEvaluateCEL does. CSO does not check the output type at compile
// time, but its evaluation treats every non-bool result as "condition don't match" and
// requeues forever, so only bool is accepted, or a type that may hold a bool at run time:
// dyn, and google.protobuf.Any, which is what CSO's map value type (cel.AnyType, not
// cel.DynType) gives for a top-level field such as `obj.ready`.
func compileCondition(keys []string, expr string) (string, error) {
	env, err := cel.NewEnv()
	if err != nil {
		return "", fmt.Errorf("environment creation error: %w", err)
	}
	for _, key := range keys {
		env, err = env.Extend(cel.Variable(key, celtypes.NewMapType(cel.StringType, cel.AnyType)))
		if err != nil {
			return "", fmt.Errorf("failed to extend the current cel environment with %q: %w", key, err)
		}
	}

	ast, iss := env.Compile(expr)
	if iss.Err() != nil {
		return "", fmt.Errorf("failed to compile cel expression %q: %s", expr, iss.Err())
	}
	if _, err := env.Program(ast); err != nil {
		return "", fmt.Errorf("failed to generate an evaluable instance of the Ast within the environment: %w", err)
	}

	outputType := ast.OutputType()
	if !outputType.IsExactType(cel.BoolType) && !outputType.IsExactType(cel.DynType) && !outputType.IsExactType(cel.AnyType) {
		return "", fmt.Errorf("cel expression %q has output type %s, but CSO requires it to evaluate to a bool (accepted: bool, or dyn / google.protobuf.Any that may hold a bool)", expr, outputType)
	}
	return outputType.String(), nil
}
