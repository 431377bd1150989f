package parser

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/switchyard/switchyard/rules"
)

// TestRefusalStatusTable reads the calls of parser/ that refuse a message
// and checks refusalStatus against them: every rule refuse or refuseTwins
// is given has a row, every row is given to one of them, and refuseWith
// names a status of its own only where it differs from the rule's row.
func TestRefusalStatusTable(t *testing.T) {
	ids := catalogueNames(t)
	used := map[rules.ID]bool{}
	for _, c := range refusalCalls(t) {
		name, ok := ruleConstant(c.call.Args[0])
		if c.method == "refuseWith" {
			checkOverride(t, c, name, ids[name])
			continue
		}
		switch {
		case ok:
			used[ids[name]] = true
		case c.fn == "checkWSVersion":
			// The grammar rule parseVersion picks for a malformed version.
			for _, in := range []string{"", "x", "013", "256", "300", "1234"} {
				if _, id := parseVersion([]byte(in)); id != "" {
					used[id] = true
				}
			}
		default:
			t.Errorf("%s: %s refuses a rule chosen at run time; teach this test its values", c.pos, c.fn)
		}
	}
	for id := range used {
		if _, ok := refusalStatus[id]; !ok && id != "" {
			t.Errorf("%s is refused with the table's status but has no row in refusalStatus", id)
		}
	}
	for id := range refusalStatus {
		if !used[id] {
			t.Errorf("refusalStatus row %s is given to no refuse call", id)
		}
	}
}

// checkOverride fails when refuseWith names the status the rule's row
// holds: refuse says that.
func checkOverride(t *testing.T, c refusalCall, name string, id rules.ID) {
	t.Helper()
	b, ok := c.call.Args[1].(*ast.BasicLit)
	if !ok || name == "" {
		return // a status or rule the caller threads (0 for a response)
	}
	status, err := strconv.Atoi(b.Value)
	if err != nil {
		t.Fatal(err)
	}
	if row, ok := refusalStatus[id]; ok && row == status {
		t.Errorf("%s: refuseWith(%s, %d) repeats the table's status; use refuse", c.pos, name, status)
	}
}

// refusalCall is one call of refuse, refuseTwins or refuseWith.
type refusalCall struct {
	pos    string
	fn     string // the enclosing function
	method string
	call   *ast.CallExpr
}

// refusalCalls lists the refusal calls of the package's non-test files.
func refusalCalls(t *testing.T) []refusalCall {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var calls []refusalCall
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				switch m := sel.Sel.Name; m {
				case "refuse", "refuseTwins", "refuseWith":
					// wsRefusal's own refuse methods pass their rule on.
					if _, isIdent := call.Args[0].(*ast.Ident); isIdent && fd.Recv != nil && fd.Name.Name == m {
						return true
					}
					calls = append(calls, refusalCall{fset.Position(call.Pos()).String(), fd.Name.Name, m, call})
				}
				return true
			})
		}
	}
	if len(calls) == 0 {
		t.Fatal("found no refusal calls")
	}
	return calls
}

// ruleConstant returns X for rules.X.
func ruleConstant(e ast.Expr) (string, bool) {
	if s, ok := e.(*ast.SelectorExpr); ok {
		if x, ok := s.X.(*ast.Ident); ok && x.Name == "rules" {
			return s.Sel.Name, true
		}
	}
	return "", false
}

// catalogueNames maps the Go names of package rules' constants to their IDs.
func catalogueNames(t *testing.T) map[string]rules.ID {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join("..", "rules", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]rules.ID{}
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || len(vs.Names) != len(vs.Values) {
				return true
			}
			for i, v := range vs.Values {
				if b, ok := v.(*ast.BasicLit); ok && b.Kind == token.STRING {
					if s, err := strconv.Unquote(b.Value); err == nil {
						ids[vs.Names[i].Name] = rules.ID(s)
					}
				}
			}
			return true
		})
	}
	return ids
}
