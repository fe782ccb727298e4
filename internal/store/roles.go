package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/haven-cms/haven/internal/diag"
	"github.com/haven-cms/haven/internal/yamlx"
)

// RolesFile is the reviewed file, on the site branch, that says who may
// do what.
const RolesFile = ".haven/roles.yaml"

// Role is what a person may do.
type Role string

// The roles.
const (
	// Editor writes proposals.
	Editor Role = "editor"
	// Reviewer approves proposals or requests changes, and is the only
	// one whose approval marks a proposal reviewed.
	Reviewer Role = "reviewer"
	// Publisher publishes approved proposals, and urgent ones.
	Publisher Role = "publisher"
	// Admin manages people and rules (their changes are still reviewed).
	Admin Role = "admin"
)

var allRoles = []string{string(Editor), string(Reviewer), string(Publisher), string(Admin)}

// Member is one person of the roles file.
type Member struct {
	Email string
	Name  string
	Roles []Role
}

// Roles is the parsed roles file: people by lower-case e-mail.
type Roles struct {
	people map[string]Member
}

// ParseRoles reads a roles file strictly (unknown keys and roles, a person
// listed twice, an address that is not one are errors):
//
//	people:
//	  maria@example.ee:
//	    name: Maria Tamm
//	    roles: [editor, reviewer]
func ParseRoles(src []byte) (*Roles, error) {
	var diags diag.List
	r := &yamlx.Reader{File: RolesFile, Codes: yamlx.CodesFor("roles"), Diags: &diags}
	root, ok := r.Read(src)
	roles := &Roles{people: map[string]Member{}}
	if ok {
		root.Map("", []string{"people"}, func(_, v *yamlx.Node) {
			v.Map("people", nil, func(k, v *yamlx.Node) { roles.addMember(k, v) })
		})
	}
	if diags.HasErrors() {
		var msgs []string
		for _, d := range diags.Items() {
			msgs = append(msgs, d.String())
		}
		return nil, fmt.Errorf("%s is not valid, so nobody may review or publish until it is fixed:\n%s", RolesFile, strings.Join(msgs, "\n"))
	}
	return roles, nil
}

// addMember reads one person of the people mapping.
func (r *Roles) addMember(k, v *yamlx.Node) {
	email := strings.ToLower(strings.TrimSpace(k.Text))
	if err := (Person{Name: "x", Email: email}).check(); err != nil {
		k.Errorf("roles.email", "people", "write each person's e-mail address as the key, e.g. maria@example.ee:", "%q is not an e-mail address", k.Text)
		return
	}
	if _, dup := r.people[email]; dup {
		k.Errorf("roles.duplicate", "people", "list each person once, with all their roles", "%s is listed twice (e-mail addresses are compared without case)", email)
		return
	}
	m := Member{Email: email}
	v.Map("people."+email, []string{"name", "roles"}, func(k, v *yamlx.Node) {
		if k.Text == "name" {
			m.Name, _ = v.Str("name")
			return
		}
		for _, it := range v.Seq("roles") {
			role, _ := it.Str("roles")
			if !slices.Contains(allRoles, role) {
				hint := diag.DidYouMean(role, allRoles)
				if hint == "" {
					hint = "the roles are " + strings.Join(allRoles, ", ")
				}
				it.Errorf("roles.unknown-role", "roles", hint, "unknown role %q", role)
				continue
			}
			m.Roles = append(m.Roles, Role(role))
		}
	})
	r.people[email] = m
}

// Roles returns the roles file of the site branch's newest commit.
func (p *Proposals) Roles(ctx context.Context) (*Roles, error) {
	site, err := p.g.resolve(ctx, p.g.Branch)
	if err != nil {
		return nil, err
	}
	return p.roles(ctx, site)
}

// Has reports whether the person with email has role.
func (r *Roles) Has(email string, role Role) bool {
	m, ok := r.people[strings.ToLower(email)]
	return ok && slices.Contains(m.Roles, role)
}

// require returns an error unless p has role, saying what they tried.
func (r *Roles) require(p Person, role Role, action string) error {
	if r.Has(p.Email, role) {
		return nil
	}
	if _, ok := r.people[strings.ToLower(p.Email)]; !ok {
		return fmt.Errorf("%s cannot %s: %s is not in %s; an admin adds people there with a proposal that someone else reviews", p.Name, action, p.Email, RolesFile)
	}
	return fmt.Errorf("%s cannot %s: that needs the %s role in %s, which they do not have; ask someone who has it", p.Name, action, role, RolesFile)
}
