package edit

import (
	"bytes"
	"encoding/binary"
	"image"
)

// exifOrientation returns the EXIF orientation (1–8) of a JPEG file, or 1
// when it has none: the tag cameras set instead of turning the pixels,
// which re-encoding would otherwise drop with the rest of the EXIF data.
func exifOrientation(jpg []byte) int {
	for i := 2; i+4 <= len(jpg) && jpg[i] == 0xFF; {
		marker, size := jpg[i+1], int(binary.BigEndian.Uint16(jpg[i+2:]))
		if marker == 0xDA || size < 2 || i+2+size > len(jpg) { // start of scan: no more metadata
			return 1
		}
		seg := jpg[i+4 : i+2+size]
		if marker == 0xE1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		i += 2 + size
	}
	return 1
}

// tiffOrientation reads tag 0x0112 of the first IFD of a TIFF header.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	n := int(bo.Uint16(t[ifd:]))
	for k := range n {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) == 0x0112 {
			if v := int(bo.Uint16(t[e+8:])); v >= 1 && v <= 8 {
				return v
			}
			return 1
		}
	}
	return 1
}

// orient returns img turned and mirrored as EXIF orientation o says.
func orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if o >= 5 { // 5–8 swap width and height
		w, h = h, w
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range b.Dy() {
		for x := range b.Dx() {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = b.Dx()-1-x, y
			case 3: // turned 180°
				dx, dy = b.Dx()-1-x, b.Dy()-1-y
			case 4: // mirrored upside down
				dx, dy = x, b.Dy()-1-y
			case 5: // mirrored, turned 90° anticlockwise
				dx, dy = y, x
			case 6: // turned 90° clockwise to stand
				dx, dy = b.Dy()-1-y, x
			case 7: // mirrored, turned 90° clockwise
				dx, dy = b.Dy()-1-y, b.Dx()-1-x
			case 8: // turned 90° anticlockwise to stand
				dx, dy = y, b.Dx()-1-x
			}
			out.Set(dx, dy, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return out
}
