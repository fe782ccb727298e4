package beneath

import "io/fs"

// Stamp is a file's status as haven's build cache compares it, as git
// does: its size, modification and status change times (Unix
// nanoseconds), and the device and inode that make it this very file.
// The change time comes free with the same status read and cannot be set
// back by programs the way the modification time can, so an edit that
// keeps the size and restores the old modification time (cp -p, tar,
// rsync -t, touch -r) still changes the stamp. Where the system has no
// change time or inode numbers they are 0.
type Stamp struct {
	Size    int64
	ModTime int64
	Ctime   int64
	Dev     uint64
	Ino     uint64
}

// StampOf returns the stamp of a file from its (L)stat.
func StampOf(info fs.FileInfo) Stamp {
	s := Stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano()}
	s.Ctime, s.Dev, s.Ino = sysStamp(info)
	return s
}

// Entry is an entry of a folder as [Dir.List] reads it: its name, its
// type (the type bits of fs.FileMode: 0 for a regular file, fs.ModeDir
// for a folder, fs.ModeSymlink for a link, and so on) and, for a regular
// file, its stamp.
type Entry struct {
	Name  string
	Type  fs.FileMode
	Stamp Stamp
}
