package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"

	"github.com/haven-cms/haven/internal/config"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/diag"
)

// cmdNew writes a new page from its section's archetype, never over an
// existing file.
func cmdNew(args []string, stdout, stderr io.Writer) (int, error) {
	flags := newFlagSet("new")
	source := flags.String("source", ".", "site root `DIR` holding content/")
	pos, err := parseFlags(flags, args, stdout, stderr)
	if err != nil {
		return exitUsage, err
	}
	if err := checkSource("new", *source, stderr); err != nil {
		return exitUsage, err
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "haven new: expected one PATH, e.g. haven new et/abi/uus-leht.md")
		return exitUsage, errUsage
	}
	root, err := os.OpenRoot(*source)
	if err != nil {
		return exitContent, err
	}
	defer root.Close()
	var diags diag.List
	cfg := config.Load(root.FS(), &diags)
	if diags.HasErrors() {
		_ = diags.WriteText(stderr)
		return exitContent, nil
	}
	rel, err := content.NewPagePath(pos[0], cfg.LanguageCodes())
	if err != nil {
		fmt.Fprintf(stderr, "haven new: %v\n", err)
		return exitUsage, errUsage
	}
	if _, err := root.Stat(rel); err == nil {
		fmt.Fprintf(stderr, "haven new: %s already exists; nothing was written\n", rel)
		return exitContent, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return exitContent, err
	}
	src := localizeSkeleton(content.NewPage(root.FS(), rel, time.Now()), rel)
	if err := root.MkdirAll(path.Dir(rel), 0o755); err != nil {
		return exitContent, err
	}
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return exitContent, err
	}
	_, werr := f.Write(src)
	if err := errors.Join(werr, f.Close()); err != nil {
		return exitContent, err
	}
	fmt.Fprintf(stdout, "created %s\n", rel)
	return exitOK, nil
}

// skeletonBody is the English text below the front matter of
// content.NewPage's built-in skeleton.
const skeletonBody = "\nWrite the page here. Start headings at ##: the title is the page's h1.\n"

// skeletonBodies is that text in the page's language.
var skeletonBodies = map[string]string{
	"et": "\nKirjuta lehe tekst siia. Alusta alapealkirju märgiga ##: lehe pealkiri on juba h1.\n",
	"ru": "\nНапишите текст страницы здесь. Подзаголовки начинайте с ##: заголовок страницы уже h1.\n",
}

// localizeSkeleton puts the built-in skeleton's placeholder text into the
// language of the page at rel (content/<lang>/...); a page from an
// archetype is left as it is.
func localizeSkeleton(src []byte, rel string) []byte {
	lang, _, _ := strings.Cut(strings.TrimPrefix(rel, content.Dir+"/"), "/")
	body, ok := skeletonBodies[lang]
	if !ok || !bytes.HasSuffix(src, []byte(skeletonBody)) {
		return src
	}
	return append(bytes.TrimSuffix(src, []byte(skeletonBody)), body...)
}
