package edit_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	havenstore "github.com/haven-cms/haven/internal/store"
)

// postImage submits the edit form with an image file, as the browser
// does for the "Add image" button.
func (e *editor) postImage(form url.Values, name string, data []byte) (int, string) {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			if k != "image" {
				_ = mw.WriteField(k, v)
			}
		}
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("image", name)
		_, _ = fw.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, e.web.URL+"/_haven/edit/image", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", e.web.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	return readAll(e.t, resp)
}

// photo is a 4×2 JPEG whose left half is red, with an EXIF block giving
// a GPS position, a camera owner and orientation o (6: turn clockwise).
func photo(t *testing.T, o uint16) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 2))
	for y := range 2 {
		for x := range 4 {
			c := color.RGBA{0, 0, 255, 255}
			if x < 2 {
				c = color.RGBA{255, 0, 0, 255}
			}
			img.Set(x, y, c)
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	// TIFF, little-endian, one IFD with orientation and a GPS-like string.
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	tiff = binary.LittleEndian.AppendUint16(tiff, 1)
	tiff = binary.LittleEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.LittleEndian.AppendUint16(tiff, 3)
	tiff = binary.LittleEndian.AppendUint32(tiff, 1)
	tiff = binary.LittleEndian.AppendUint16(tiff, o)
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	tiff = append(tiff, "GPS 59.4370N 24.7536E owner Mari Maasikas"...)
	app1 := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(app1)+2))
	seg = append(seg, app1...)
	jpg := enc.Bytes()
	return append(append(append([]byte{}, jpg[:2]...), seg...), jpg[2:]...)
}

// TestImageUpload: an image added from the edit form is re-encoded
// without its metadata (and turned as its EXIF said), saved in the
// page's folder under a free name, and its Markdown line is added to the
// text typed so far, which is not saved and not lost.
func TestImageUpload(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	const file = "content/et/vagivald/seksuaalvagivald.md"
	before := e.read(file)
	form := e.editPage(file)
	form.Set("body", form.Get("body")+"\r\nUus lõik, mida pole veel salvestatud.\r\n")
	form.Set("image_alt", "Ohvriabi  kriisitelefoni\tnumber plakatil")
	code, page := e.postImage(form, `C:\Pildid\Plakat Öösel.JPG`, photo(t, 6))
	if code != http.StatusOK {
		t.Fatalf("upload: %d\n%s", code, page)
	}
	saved, err := os.ReadFile(filepath.Join(e.dir, "content/et/vagivald/plakat-oosel.jpg"))
	if err != nil {
		t.Fatalf("image not saved in the page's folder under its slugged name: %v", err)
	}
	for _, leak := range []string{"Exif", "GPS", "Maasikas"} {
		if bytes.Contains(saved, []byte(leak)) {
			t.Errorf("saved image still holds %q", leak)
		}
	}
	img, err := jpeg.Decode(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 2 || b.Dy() != 4 {
		t.Errorf("saved image is %dx%d, want 2x4 (turned as orientation 6 says)", b.Dx(), b.Dy())
	}
	if r, _, _, _ := img.At(1, 0).RGBA(); r < 0xc000 { // after a clockwise turn the red half is on top
		t.Errorf("top of the turned image is not red: %v", img.At(1, 0))
	}
	next := formOf(t, page)
	body := next.Get("body")
	if !strings.Contains(body, "Uus lõik, mida pole veel salvestatud.") ||
		!strings.HasSuffix(strings.TrimRight(body, "\r\n"), "![Ohvriabi kriisitelefoni number plakatil](/et/vagivald/plakat-oosel.jpg)") {
		t.Errorf("body after upload lost the typed text or lacks the image line:\n%s", body)
	}
	if e.read(file) != before {
		t.Error("adding an image saved the page; it must only change the form")
	}
	// Without alternative text nothing is saved; with it, a second image
	// of the same name gets a name of its own.
	if code, _ = e.postImage(next, "plakat öösel.jpg", photo(t, 1)); code != http.StatusOK {
		t.Fatalf("upload without alt: %d", code)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "content/et/vagivald/plakat-oosel-2.jpg")); err == nil {
		t.Error("an upload without alternative text was saved")
	}
	next.Set("image_alt", "Teine plakat")
	if code, _ = e.postImage(next, "plakat öösel.jpg", photo(t, 1)); code != http.StatusOK {
		t.Fatalf("second upload: %d", code)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "content/et/vagivald/plakat-oosel-2.jpg")); err != nil {
		t.Errorf("second image of the same name: %v", err)
	}
	// Saved, the page shows the image at the address the line names.
	e.write(file, strings.Replace(before, "\n---\n", "\n---\n![Plakat](/et/vagivald/plakat-oosel.jpg)\n\n", 1))
	e.rebuild()
	if code, img := e.get("/et/vagivald/plakat-oosel.jpg"); code != http.StatusOK || !bytes.Equal([]byte(img), saved) {
		t.Errorf("the image's address answers %d", code)
	}
	if _, html := e.get("/et/vagivald/seksuaalvagivald/"); !strings.Contains(html, `src="/et/vagivald/plakat-oosel.jpg" alt="Plakat"`) {
		t.Error("the saved page does not show the image")
	}
}

// TestImageRefused: what the editor does not take is refused with a
// reason, writes nothing, and keeps the text typed.
func TestImageRefused(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	const file = "content/et/vagivald/seksuaalvagivald.md"
	form := e.editPage(file)
	form.Set("body", "Minu tekst.\r\n")
	var bigPNG bytes.Buffer // a PNG header that claims 100,000 × 100,000 pixels
	bigPNG.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, 100000)
	ihdr = binary.BigEndian.AppendUint32(ihdr, 100000)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	chunk := append([]byte("IHDR"), ihdr...)
	bigPNG.Write(binary.BigEndian.AppendUint32(nil, 13))
	bigPNG.Write(chunk)
	bigPNG.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(chunk)))
	var small bytes.Buffer
	_ = png.Encode(&small, image.NewGray(image.Rect(0, 0, 2, 2)))
	tests := []struct {
		name, file, alt, want string
		data                  []byte
	}{
		{"svg", "logo.svg", "Logo", "SVG images can carry scripts", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)},
		{"svg named png", "logo.png", "Logo", "SVG images can carry scripts", []byte(`<?xml version="1.0"?><svg/>`)},
		{"gif", "a.gif", "A", "GIF is not taken", []byte("GIF89a\x01\x00\x01\x00")},
		{"text", "a.jpg", "A", "not a JPEG or PNG", []byte("hello")},
		{"too many pixels", "big.png", "Big", "megapixels", bigPNG.Bytes()},
		{"no alt", "a.png", " ", "Write what the image shows", small.Bytes()},
		{"brackets in alt", "a.png", "a ] b", "cannot contain [ or ]", small.Bytes()},
		{"no file", "", "A", "Choose an image file", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("image_alt", tt.alt)
			code, page := e.postImage(f, tt.file, tt.data)
			if code != http.StatusOK || !strings.Contains(page, tt.want) {
				t.Errorf("got %d, want the reason %q on the screen", code, tt.want)
			}
			if got := formOf(t, page).Get("body"); got != "Minu tekst.\r\n" {
				t.Errorf("text after a refused upload = %q", got)
			}
			entries, _ := os.ReadDir(filepath.Join(e.dir, "content/et/vagivald"))
			for _, en := range entries {
				if !strings.HasSuffix(en.Name(), ".md") {
					t.Errorf("refused upload wrote %s", en.Name())
				}
			}
		})
	}
}

// TestTeamImageGoesToTheProposal: for a team, an added image is not
// written to the site or main but into the page's change proposal, which
// the page's next save then continues.
func TestTeamImageGoesToTheProposal(t *testing.T) {
	te := startTeamEditor(t, teamRepo(t))
	main := gitIn(t, te.bare, "rev-parse", "main")
	form := te.editPage(helpline)
	form.Set("image_alt", "Kriisitelefoni plakat")
	code, page := te.postImage(form, "plakat.png", tinyPNG(t))
	if code != http.StatusOK {
		t.Fatalf("upload: %d", code)
	}
	next := formOf(t, page)
	id := next.Get("proposal")
	if id == "" {
		t.Fatal("the screen after a team upload names no proposal")
	}
	if gitIn(t, te.bare, "rev-parse", "main") != main {
		t.Error("a team upload moved main")
	}
	if _, err := os.Stat(filepath.Join(te.dir, "content/et/plakat.png")); err == nil {
		t.Error("a team upload wrote into the site folder")
	}
	gitIn(t, te.bare, "cat-file", "-e", havenstore.ProposalRefs+id+":content/et/plakat.png") // fails the test when the proposal lacks the image
	next.Set("note", "Plakat")
	next.Set("action", "save")
	if resp, _ := te.post("/_haven/edit/page", next, nil); proposalOf(t, resp) != id {
		t.Error("the save after the upload started another proposal")
	}
	if got := te.show(havenstore.ProposalRefs + id + ":" + helpline); !strings.Contains(got, "![Kriisitelefoni plakat](/et/plakat.png)") {
		t.Errorf("the proposal's page lacks the image line:\n%s", got)
	}
}

func tinyPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDecorativeImage: "decoration only" adds the image with no
// alternative text and the decorative mark, which the authoring check
// accepts where an image without alt text is warned about; a description
// and the mark together are refused. The Russian page showing the image
// with the Estonian description gets a warning at its line.
func TestDecorativeImage(t *testing.T) {
	e := startEditor(t, copySampleSite(t))
	const file = "content/et/vagivald/seksuaalvagivald.md"
	form := e.editPage(file)
	form.Set("image_alt", "Muster")
	form.Set("image_decorative", "true")
	if code, page := e.postImage(form, "joon.png", smallPNG(t)); code != http.StatusOK || !strings.Contains(page, "The image was not added") {
		t.Fatalf("a description and decoration only: %d", code)
	}
	if _, err := os.Stat(filepath.Join(e.dir, "content/et/vagivald/joon.png")); err == nil {
		t.Error("an image both described and decorative was saved")
	}
	form.Del("image_alt")
	code, page := e.postImage(form, "joon.png", smallPNG(t))
	if code != http.StatusOK {
		t.Fatalf("decorative upload: %d", code)
	}
	line := "![](/et/vagivald/joon.png)<!-- decorative -->"
	if body := formOf(t, page).Get("body"); !strings.HasSuffix(strings.TrimRight(body, "\r\n"), line) {
		t.Fatalf("body after a decorative upload does not end with %s:\n%s", line, body)
	}
	if strings.Contains(page, "joon.png has no alternative text") {
		t.Error("the decorative image is warned about")
	}
	form = formOf(t, page)
	form.Set("body", strings.Replace(form.Get("body"), line, "![](/et/vagivald/joon.png)", 1))
	form.Set("action", "preview")
	if _, page := e.post("/_haven/edit/page", form, nil); !strings.Contains(page, "joon.png has no alternative text") {
		t.Error("an image without alt text and without the mark is not warned about")
	}
	// The Estonian page describes an image; its Russian translation
	// shows it with the Estonian words.
	e.write(file, strings.Replace(e.read(file), "\n---\n", "\n---\n![Ohvriabitöötaja vestleb kliendiga](/et/vagivald/joon.png)\n", 1))
	ru := "content/ru/vagivald/seksuaalvagivald.md"
	e.write(ru, strings.Replace(e.read(ru), "\n---\n", "\n---\n\n![Ohvriabitöötaja vestleb kliendiga](/et/vagivald/joon.png)\n", 1))
	e.rebuild()
	_, page = e.get("/_haven/edit/page?file=" + url.QueryEscape(ru))
	want := ru + ":" + strconv.Itoa(bodyLineOf(t, e.read(ru))+1) + ":"
	if !strings.Contains(page, `data-diag="`+want) || !strings.Contains(page, "has the alternative text of the et version") {
		t.Errorf("the Russian page's copied description is not warned about at %s", want)
	}
}

// bodyLineOf is the file line on which text's body starts.
func bodyLineOf(t *testing.T, text string) int {
	t.Helper()
	return strings.Count(text[:bodyStart(t, text)], "\n") + 1
}

// smallPNG is a 2×2 grey PNG.
func smallPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
