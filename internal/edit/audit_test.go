package edit_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/edit"
)

// TestAuditLogAppendsAndShowsTampering writes entries, reopens the log
// and writes more (the chain continues across restarts), then changes a
// line as someone on the server might: the read names that line.
func TestAuditLogAppendsAndShowsTampering(t *testing.T) {
	path := filepath.Join(t.TempDir(), edit.AuditFile)
	a, err := edit.OpenAudit(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"Maria@Example.ee", ""} {
		if err := a.Record(edit.AuditEntry{Person: who, Remote: "192.0.2.1:4000", Action: "publish", Outcome: edit.AuditRefused, Reason: "why"}); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	if a, err = edit.OpenAudit(path); err != nil {
		t.Fatal(err)
	}
	if err := a.Record(edit.AuditEntry{Person: "jaan@example.ee", Action: "approve", Outcome: edit.AuditOK}); err != nil {
		t.Fatal(err)
	}
	got, err := a.Entries()
	if err != nil || len(got) != 3 {
		t.Fatalf("read back %d entries, %v; want 3 and an intact chain", len(got), err)
	}
	if got[0].Person != "maria@example.ee" || got[1].Person != edit.AuditUnknown || got[2].Action != "approve" {
		t.Errorf("entries %+v; want Maria (lower-case), unknown, then Jaan's approval", got)
	}
	info, _ := os.Stat(path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the log's mode is %v; want 0600 (the editor's alone)", info.Mode().Perm())
	}
	data, _ := os.ReadFile(path)
	for name, tampered := range map[string][]byte{
		"a reason changed": bytes.Replace(data, []byte(`"why"`), []byte(`"ok"`), 1),
		"a line removed":   bytes.Join(append(bytes.SplitN(data, []byte("\n"), 3)[:1], bytes.SplitN(data, []byte("\n"), 3)[2]), []byte("\n")),
	} {
		entries, err := edit.ReadAudit(bytes.NewReader(tampered), "audit.jsonl")
		if err == nil || !strings.HasPrefix(err.Error(), "audit.jsonl:2:1: the chain breaks") || len(entries) != 1 {
			t.Errorf("%s: %d entries, %v; want the first and audit.jsonl:2:1: the chain breaks", name, len(entries), err)
		}
	}
}
