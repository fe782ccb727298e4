package edit

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/haven-cms/haven/internal/check"
	"github.com/haven-cms/haven/internal/content"
	"github.com/haven-cms/haven/internal/site"
	havenstore "github.com/haven-cms/haven/internal/store"
)

// imagePath is where the edit form's "Add image" button posts the form,
// as multipart/form-data with the image file.
const imagePath = Prefix + "image"

// Fields of the image part of the edit form.
const (
	imageField    = "image"     // the file
	imageAltField = "image_alt" // its alternative text, in the page's language
	// imageDecorativeField, ticked, says the image is decoration only:
	// it is shown with no alternative text, marked as meant
	// ([check.DecorativeMark]).
	imageDecorativeField = "image_decorative"
)

// Limits on an uploaded image: its pixels (a small file can decode into
// gigabytes), checked from its header before it is decoded.
const maxImagePixels = 40_000_000

// serveImage answers the "Add image" button of the edit form. The form
// comes whole, so the text typed so far travels with the image: the image
// is re-encoded, which leaves its metadata (camera, GPS location, the
// owner's name) behind, saved into the page's folder under a name made
// from its file name, and the Markdown that shows it is added to the end
// of the body. The page itself is not saved: the screen comes back as a
// preview of the form with the new line, for the editor to place and save.
// For a team the image goes into the page's change proposal (started
// when there is none), as a save would.
func (e *Handler) serveImage(w http.ResponseWriter, r *http.Request) {
	q, ok := e.beginForm(w, r, func() error { return r.ParseMultipartForm(maxForm) })
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if !ok {
		return
	}
	notice, bad := e.addImage(q, r)
	r.PostForm.Set("action", "preview")
	e.previewWith(w, r, q, notice, bad)
}

// addImage stores the posted image and adds its Markdown to the posted
// body (or source); it returns what to tell the editor.
func (e *Handler) addImage(q *request, r *http.Request) (notice string, bad bool) {
	alt := strings.Join(strings.Fields(r.PostForm.Get(imageAltField)), " ")
	decorative := r.PostForm.Get(imageDecorativeField) != ""
	f, hdr, err := r.FormFile(imageField)
	switch {
	case errors.Is(err, http.ErrMissingFile):
		return q.t.T("image.none"), true
	case err != nil:
		return err.Error(), true
	case decorative && alt != "":
		return q.t.T("image.altAndDeco"), true
	case alt == "" && !decorative:
		return q.t.T("image.noAlt"), true
	case strings.ContainsAny(alt, "[]"):
		return q.t.T("image.altBrackets"), true
	}
	defer f.Close()
	data, ext, err := reencode(f)
	if err != nil {
		return q.t.T("image.refused", hdr.Filename, err.Error()), true
	}
	rel, err := e.freeName(q, path.Dir(q.rel), imageName(hdr.Filename), ext)
	if err == nil {
		err = e.writeFile(q, rel, havenstore.Absent, data, q.t.T("image.note", content.Dir+"/"+rel))
	}
	if err != nil {
		return err.Error(), true
	}
	line := "![" + alt + "](/" + site.AssetOutput(rel) + ")"
	if decorative {
		line += check.DecorativeMark
	}
	field := bodyField
	if r.PostForm.Has(sourceField) {
		field = sourceField
	}
	text := strings.TrimRight(normalize(r.PostForm.Get(field)), "\n")
	r.PostForm.Set(field, text+"\n\n"+line+"\n")
	r.PostForm.Del(imageAltField)
	r.PostForm.Del(imageDecorativeField)
	return q.t.T("image.added", content.Dir+"/"+rel, line), false
}

// reencode decodes a JPEG or PNG image and encodes it again, which keeps
// its pixels and drops everything else the file carried (EXIF with GPS
// position and camera serial, XMP, comments, PNG text chunks). A JPEG's
// EXIF orientation is applied first, so that the picture stands as the
// camera showed it. Other formats, SVG above all (it can carry script),
// are refused.
func reencode(f io.Reader) (data []byte, ext string, err error) {
	src, err := io.ReadAll(f)
	if err != nil {
		return nil, "", err
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(src))
	if err != nil {
		return nil, "", errors.New(describeFormat(src))
	}
	if cfg.Width*cfg.Height > maxImagePixels {
		return nil, "", fmt.Errorf("it is %d×%d pixels; make it smaller than %d megapixels", cfg.Width, cfg.Height, maxImagePixels/1_000_000)
	}
	img, _, err := image.Decode(bytes.NewReader(src))
	if err != nil {
		return nil, "", fmt.Errorf("the %s file is damaged: %v", format, err)
	}
	var out bytes.Buffer
	switch format {
	case "jpeg":
		err, ext = jpeg.Encode(&out, orient(img, exifOrientation(src)), &jpeg.Options{Quality: 88}), ".jpg"
	case "png":
		err, ext = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&out, img), ".png"
	default:
		return nil, "", errors.New(describeFormat(src))
	}
	return out.Bytes(), ext, err
}

// describeFormat says why a file is not an image the editor takes.
func describeFormat(src []byte) string {
	head := strings.ToLower(string(src[:min(len(src), 512)]))
	switch {
	case strings.Contains(head, "<svg") || strings.Contains(head, "<?xml"):
		return "SVG images can carry scripts and are not taken; export the picture as PNG or JPEG"
	case bytes.HasPrefix(src, []byte("GIF8")):
		return "GIF is not taken; save the picture as PNG or JPEG"
	case len(src) > 12 && string(src[8:12]) == "WEBP":
		return "WebP is not taken; save the picture as JPEG or PNG"
	}
	return "it is not a JPEG or PNG image"
}

// imageName is the file name (without extension) an uploaded image is
// saved under: its own name made URL-safe, or "pilt".
func imageName(upload string) string {
	base := path.Base(strings.ReplaceAll(upload, "\\", "/")) // browsers on Windows may send a path
	name := content.Slugify(strings.TrimSuffix(base, path.Ext(base)))
	if name == "" {
		name = "pilt"
	}
	return name[:min(len(name), 80)]
}

// exists reports whether rel below content/ is taken: on disk for a
// single editor, else in q's proposal or the site branch.
func (e *Handler) exists(q *request, rel string) (bool, error) {
	if e.opts.Team == nil {
		return e.store.exists(rel)
	}
	_, exists, _, err := e.read(q, rel)
	return exists, err
}

// freeName returns dir/name+ext below content/, or with -2, -3, … when a
// file of that name is already there: an upload never replaces a file.
func (e *Handler) freeName(q *request, dir, name, ext string) (string, error) {
	for i := 1; i < 1000; i++ {
		n := name
		if i > 1 {
			n = fmt.Sprintf("%s-%d", name, i)
		}
		rel := path.Join(dir, n+ext)
		taken, err := e.exists(q, rel)
		if err != nil || !taken {
			return rel, err
		}
	}
	return "", fmt.Errorf("%s has 1000 images named %s; choose another file name", path.Join(content.Dir, dir), name)
}
