package provider

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"
)

// The compact form of syncPrivate. Terraform keeps the private state
// base64-encoded in the state file, and the framework wants JSON, so every
// byte of it costs 16/9 bytes of state: as JSON, 100,000 files took some
// 150 bytes each. This form keeps about 20 bytes a file before that:
// paths sorted and front-coded, numbers as varints of their difference to
// the previous file's, the server's record folded into the source file's
// where they agree, and hashes cut to their first 64 bits. Those only tell
// a file's content from its own previous content, which 64 bits do (a
// wrong match is a 2^-64 chance per edit); the hash a plan shows is always
// the full SHA-256 of the content to send.
const syncCodecVersion = 0xA1 // JSON, written before it, starts with '{'

// shortHashLen is how many hex digits of a SHA-256 the private state keeps.
const shortHashLen = 16

// shortHash is the part of a hex SHA-256 that the private state keeps.
func shortHash(h string) string { return h[:min(len(h), shortHashLen)] }

// sameHash reports whether two hex SHA-256s, either possibly cut by
// shortHash, are of the same content; "" (not known) matches nothing.
func sameHash(a, b string) bool { return a != "" && b != "" && shortHash(a) == shortHash(b) }

const (
	recLocal   = 1 << iota // a source file's fingerprint follows
	recManaged             // the server's record of the upload follows
	recSameHash
	recSameSize
	recHashes  // the storage's hashes follow
	recLiteral // hashes as strings (not hex, or not known)
)

// modified kinds: how the server's modification time is written.
const (
	modNone    = iota // none reported
	modLocal          // the source file's, cut to a unit (modUnits) in a zone
	modLiteral = modLocal + 4
)

var modUnits = [4]int64{1, int64(time.Microsecond), int64(time.Millisecond), int64(time.Second)}

type codecWriter struct {
	w   io.Writer
	buf [binary.MaxVarintLen64]byte
	err error
}

func (c *codecWriter) raw(b []byte) {
	if c.err == nil {
		_, c.err = c.w.Write(b)
	}
}
func (c *codecWriter) uvarint(x uint64) { c.raw(c.buf[:binary.PutUvarint(c.buf[:], x)]) }
func (c *codecWriter) varint(x int64)   { c.raw(c.buf[:binary.PutVarint(c.buf[:], x)]) }
func (c *codecWriter) str(s string)     { c.uvarint(uint64(len(s))); c.raw([]byte(s)) }

// frontCoded writes s as the length it shares with prev and the rest.
func (c *codecWriter) frontCoded(prev, s string) {
	n := 0
	for n < len(prev) && n < len(s) && prev[n] == s[n] {
		n++
	}
	c.uvarint(uint64(n))
	c.str(s[n:])
}

func (c *codecWriter) list(ss []string) {
	c.uvarint(uint64(len(ss)))
	prev := ""
	for _, s := range ss {
		c.frontCoded(prev, s)
		prev = s
	}
}

// hash writes a hex SHA-256 as the 8 bytes of its short form.
func (c *codecWriter) hash(h string) {
	b, _ := hex.DecodeString(shortHash(h))
	c.raw(b)
}

func binaryHash(h string) bool {
	_, err := hex.DecodeString(h)
	return len(h) >= shortHashLen && err == nil
}

type codecReader struct {
	r   *bufio.Reader
	err error
}

func (c *codecReader) uvarint() uint64 {
	if c.err != nil {
		return 0
	}
	x, err := binary.ReadUvarint(c.r)
	c.err = err
	return x
}

func (c *codecReader) varint() int64 {
	if c.err != nil {
		return 0
	}
	x, err := binary.ReadVarint(c.r)
	c.err = err
	return x
}

func (c *codecReader) byte() byte {
	if c.err != nil {
		return 0
	}
	b, err := c.r.ReadByte()
	c.err = err
	return b
}

func (c *codecReader) bytes(n uint64) []byte {
	if c.err != nil || n > 1<<20 {
		c.err = errors.Join(c.err, errors.New("corrupt private state"))
		return nil
	}
	b := make([]byte, n)
	_, c.err = io.ReadFull(c.r, b)
	return b
}

func (c *codecReader) str() string { return string(c.bytes(c.uvarint())) }

func (c *codecReader) frontCoded(prev string) string {
	n := c.uvarint()
	if n > uint64(len(prev)) {
		c.err = errors.Join(c.err, errors.New("corrupt private state"))
		return ""
	}
	return prev[:n] + c.str()
}

func (c *codecReader) list() []string {
	n := c.uvarint()
	if n > 1<<26 {
		c.err = errors.Join(c.err, errors.New("corrupt private state"))
		return nil
	}
	var out []string
	prev := ""
	for range n {
		if c.err != nil {
			break
		}
		prev = c.frontCoded(prev)
		out = append(out, prev)
	}
	return out
}

func (c *codecReader) hash() string { return hex.EncodeToString(c.bytes(shortHashLen / 2)) }

// sortedUnion is the keys of a and b, sorted, each once: the paths a
// private state has records of.
func sortedUnion[A, B any](a map[string]A, b map[string]B) []string {
	rels := slices.Collect(maps.Keys(a))
	for rel := range b {
		if _, ok := a[rel]; !ok {
			rels = append(rels, rel)
		}
	}
	slices.Sort(rels)
	return rels
}

// writeCompact writes sp in the compact form.
func (sp *syncPrivate) writeCompact(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10) // a dozen small writes a file: the deflater is no place for them
	c := &codecWriter{w: bw}
	c.raw([]byte{syncCodecVersion})
	c.str(sp.Source)
	listed := byte(0)
	if sp.Listed {
		listed = 1
	}
	c.raw([]byte{listed})
	c.list(sp.Dirs)
	c.list(sp.Created)
	c.list(sp.Unmanaged)
	rels := sortedUnion(sp.Local, sp.Managed)
	c.uvarint(uint64(len(rels)))
	var prevRel string
	var prevMod int64
	var prevInode uint64
	for _, rel := range rels {
		l, m := sp.Local[rel], sp.Managed[rel]
		flags := byte(0)
		if l != nil && !binaryHash(l.SHA256) || m != nil && !binaryHash(m.SHA256) {
			flags |= recLiteral
		}
		if l != nil {
			flags |= recLocal
		}
		if m != nil {
			flags |= recManaged
			if l != nil && (m.SHA256 == l.SHA256 || flags&recLiteral == 0 && sameHash(m.SHA256, l.SHA256)) {
				flags |= recSameHash
			}
			if l != nil && m.Size == l.Size {
				flags |= recSameSize
			}
			if len(m.Hashes) > 0 {
				flags |= recHashes
			}
		}
		c.frontCoded(prevRel, rel)
		prevRel = rel
		c.raw([]byte{flags})
		writeHash := func(h string) {
			if flags&recLiteral != 0 {
				c.str(h)
			} else {
				c.hash(h)
			}
		}
		if l != nil {
			c.uvarint(uint64(l.Size))
			c.varint(l.ModNano - prevMod)
			c.varint(int64(l.Inode - prevInode))
			prevMod, prevInode = l.ModNano, l.Inode
			writeHash(l.SHA256)
		}
		if m == nil {
			continue
		}
		if flags&recSameHash == 0 {
			writeHash(m.SHA256)
		}
		if flags&recSameSize == 0 {
			c.uvarint(uint64(m.Size))
		}
		kind, zone := modifiedKind(m.Modified, l)
		c.uvarint(uint64(kind))
		switch {
		case kind == modLiteral:
			c.str(m.Modified)
		case kind != modNone:
			c.varint(int64(zone))
		}
		if flags&recHashes != 0 {
			keys := slices.Sorted(maps.Keys(m.Hashes))
			c.uvarint(uint64(len(keys)))
			for _, k := range keys {
				c.str(k)
				c.str(m.Hashes[k])
			}
		}
	}
	if c.err != nil {
		return c.err
	}
	return bw.Flush()
}

// modifiedKind is how to write the server's modification time of a file:
// mostly the source file's (the upload sends it), cut to the server's
// precision, in the server's zone (its offset in seconds).
func modifiedKind(modified string, l *syncLocal) (int, int) {
	if modified == "" {
		return modNone, 0
	}
	t, err := time.Parse(time.RFC3339Nano, modified)
	if err != nil || l == nil {
		return modLiteral, 0
	}
	_, zone := t.Zone()
	for i, u := range modUnits {
		// Formatting costs: only the unit that gives the same instant.
		if t.UnixNano() == l.ModNano-l.ModNano%u {
			if localModified(l.ModNano, i, zoneAt(zone)) == modified {
				return modLocal + i, zone
			}
			break
		}
	}
	return modLiteral, 0
}

// localModified is the source file's modification time (in nanoseconds)
// cut to modUnits[unit], as timeString writes it in zone.
func localModified(nano int64, unit int, zone *time.Location) string {
	return timeString(time.Unix(0, nano-nano%modUnits[unit]).In(zone))
}

var zones = struct {
	sync.Mutex
	at map[int]*time.Location // offset in seconds → zone
}{at: map[int]*time.Location{}}

// zoneAt is a zone of that offset (seconds east of UTC), made once.
func zoneAt(offset int) *time.Location {
	zones.Lock()
	defer zones.Unlock()
	z := zones.at[offset]
	if z == nil {
		z = time.FixedZone("", offset)
		zones.at[offset] = z
	}
	return z
}

// readCompact reads what writeCompact wrote.
func (sp *syncPrivate) readCompact(r *bufio.Reader) error {
	c := &codecReader{r: r}
	if v := c.byte(); c.err == nil && v != syncCodecVersion {
		return fmt.Errorf("private state of an unknown form (%#x)", v)
	}
	sp.Source = c.str()
	sp.Listed = c.byte() == 1
	sp.Dirs, sp.Created, sp.Unmanaged = c.list(), c.list(), c.list()
	n := c.uvarint()
	// Sized once, and the records made in blocks: 100,000 files decoded
	// into growing maps and one allocation a record spent a tenth of a
	// no-op plan in the allocator.
	size := int(min(n, 1<<20))
	sp.Local, sp.Managed = make(map[string]*syncLocal, size), make(map[string]*syncRemote, size)
	var locals []syncLocal
	var remotes []syncRemote
	var rel string
	var prevMod int64
	var prevInode uint64
	for i := uint64(0); i < n && c.err == nil; i++ {
		rel = c.frontCoded(rel)
		flags := c.byte()
		readHash := func() string {
			if flags&recLiteral != 0 {
				return c.str()
			}
			return c.hash()
		}
		var l *syncLocal
		if flags&recLocal != 0 {
			if len(locals) == cap(locals) {
				locals = make([]syncLocal, 0, 4096)
			}
			locals = append(locals, syncLocal{Size: int64(c.uvarint())})
			l = &locals[len(locals)-1]
			l.ModNano = prevMod + c.varint()
			l.Inode = prevInode + uint64(c.varint())
			prevMod, prevInode = l.ModNano, l.Inode
			l.SHA256 = readHash()
			sp.Local[rel] = l
		}
		if flags&recManaged == 0 {
			continue
		}
		if len(remotes) == cap(remotes) {
			remotes = make([]syncRemote, 0, 4096)
		}
		remotes = append(remotes, syncRemote{})
		m := &remotes[len(remotes)-1]
		if flags&recSameHash != 0 && l != nil {
			m.SHA256 = l.SHA256
		} else {
			m.SHA256 = readHash()
		}
		if flags&recSameSize != 0 && l != nil {
			m.Size = l.Size
		} else {
			m.Size = int64(c.uvarint())
		}
		switch kind := int(c.uvarint()); {
		case kind == modNone:
		case kind == modLiteral:
			m.Modified = c.str()
		case kind >= modLocal && kind < modLiteral && l != nil:
			m.Modified = localModified(l.ModNano, kind-modLocal, zoneAt(int(c.varint())))
		default:
			return errors.New("corrupt private state")
		}
		if flags&recHashes != 0 {
			k := c.uvarint()
			m.Hashes = map[string]string{}
			for range min(k, 64) {
				key := c.str()
				m.Hashes[key] = c.str()
			}
		}
		sp.Managed[rel] = m
	}
	return c.err
}
