package site

import (
	"strings"
	"testing"

	"github.com/haven-cms/haven/internal/config"
)

func TestCheckOrigins(t *testing.T) {
	cfg := config.Default()
	cfg.BaseURL = "https://abi.example.ee"
	cfg.AllowedOrigins = []string{"https://chat.example.ee"}
	l := &Loaded{Config: cfg}
	tests := []struct {
		name, file, data, want string // want "" means allowed
	}{
		{"plain outgoing link", "a.html", `<p><a href="https://politsei.ee/x" rel="noreferrer">p</a></p>`, ""},
		{"text mentioning a URL", "a.html", `<p>see https://politsei.ee</p>`, ""},
		{"canonical and alternate", "a.html", `<link rel="canonical" href="https://other.example/x"><link rel="alternate" hreflang="en" href="https://other.example/en/">`, ""},
		{"own base URL", "a.html", `<img src="https://abi.example.ee/logo.png" alt="">`, ""},
		{"allowed origin", "a.html", `<script src="https://chat.example.ee/widget.js"></script>`, ""},
		{"relative", "a.html", `<img src="/assets/x.png" alt=""><link rel="stylesheet" href="/assets/a.css">`, ""},
		{"remote image", "a.html", `<img alt="" src="https://cdn.example.com/x.png">`, "src https://cdn.example.com/x.png"},
		{"protocol relative script", "a.html", `<script src='//cdn.example.com/x.js'></script>`, "src //cdn.example.com/x.js"},
		{"srcset", "a.html", `<img src="/a.png" srcset="/a2.png 2x, https://cdn.example.com/a3.png 3x" alt="">`, "srcset https://cdn.example.com/a3.png"},
		{"remote stylesheet", "a.html", `<link href="https://fonts.example.com/css" rel="stylesheet">`, "link rel=stylesheet https://fonts.example.com/css"},
		{"preload", "a.html", `<link rel=preload href=https://x.example/f.woff2 as=font>`, "link rel=preload https://x.example/f.woff2"},
		{"style attribute url", "a.html", `<div style="background:url('https://x.example/b.png')">`, "CSS url() https://x.example/b.png"},
		{"css file url", "a.css", `body{background:url(https://x.example/b.png)}`, "CSS url() https://x.example/b.png"},
		{"css import", "a.css", `@import "https://x.example/a.css";`, "CSS @import https://x.example/a.css"},
		{"iframe", "a.html", `<iframe src="https://www.youtube.com/embed/x"></iframe>`, "src https://www.youtube.com/embed/x"},
		{"form action", "a.html", `<form action="https://x.example/post"></form>`, "action https://x.example/post"},
		{"json is not checked", "a.json", `{"src":"https://x.example"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := l.checkOrigins(tt.file, []byte(tt.data))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error = %v, want it to name %q", err, tt.want)
			}
		})
	}
}
