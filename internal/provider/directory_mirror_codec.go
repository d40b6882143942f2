package provider

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"
)

// The compact form of mirrorPrivate, built like the sync's (see
// directory_sync_codec.go for why every byte counts): paths sorted and
// front-coded, sizes as varints, modification times as varint nanoseconds
// (the difference to the previous file's) and their zone, and the
// destination's side folded into the source's where the copy kept size,
// time and hashes (copies between storages do). Hashes the storages report
// are kept whole, as bytes where they are lower-case hex: the fingerprints
// `changes` and `digest` show are made of them.
const mirrorCodecVersion = 0xB1 // JSON, written before it, starts with '{'

const (
	mirrorRecCopied  = 1 << iota // a copy's source side follows, then its destination side
	mirrorRecSent                // a side sent but not seen to arrive follows
	mirrorRecStale               // the copy changed at the destination
	mirrorRecDstSame             // the destination side is the source side
)

// Parts of a destination side that are the source side's (not written).
const (
	dstSameSize = 1 << iota
	dstSameModified
	dstSameHashes
)

// Modification time kinds.
const (
	mirrorModNone    = iota
	mirrorModLiteral // a string (not RFC 3339 as timeString writes it)
	mirrorModTime    // varint nanoseconds after a reference, and the zone's offset
)

func (mp *mirrorPrivate) writeCompact(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	c := &codecWriter{w: bw}
	c.raw([]byte{mirrorCodecVersion})
	c.list(mp.Created)
	c.list(mp.Unmanaged)
	rels := sortedUnion(mp.Copied, mp.Sent)
	c.uvarint(uint64(len(rels)))
	var prevRel string
	var prevMod int64
	for _, rel := range rels {
		rec := mp.Copied[rel]
		sent, wasSent := mp.Sent[rel]
		flags := byte(0)
		if rec != nil {
			flags |= mirrorRecCopied
			if rec.Stale {
				flags |= mirrorRecStale
			}
			if rec.Dst.equal(rec.Src) {
				flags |= mirrorRecDstSame
			}
		}
		if wasSent {
			flags |= mirrorRecSent
		}
		c.frontCoded(prevRel, rel)
		prevRel = rel
		c.raw([]byte{flags})
		if rec != nil {
			c.side(rec.Src, &prevMod)
			if flags&mirrorRecDstSame == 0 {
				c.dstSide(rec.Dst, rec.Src)
			}
		}
		if wasSent {
			c.side(sent, &prevMod)
		}
	}
	if c.err != nil {
		return c.err
	}
	return bw.Flush()
}

// side writes s, its time relative to *prevMod (which it moves on).
func (c *codecWriter) side(s mirrorSide, prevMod *int64) {
	c.uvarint(uint64(s.Size))
	c.modified(s.Modified, prevMod)
	c.hashes(s.Hashes)
}

// dstSide writes what of d differs from src.
func (c *codecWriter) dstSide(d, src mirrorSide) {
	same := byte(0)
	if d.Size == src.Size {
		same |= dstSameSize
	}
	if d.Modified == src.Modified {
		same |= dstSameModified
	}
	if maps.Equal(d.Hashes, src.Hashes) {
		same |= dstSameHashes
	}
	c.raw([]byte{same})
	if same&dstSameSize == 0 {
		c.uvarint(uint64(d.Size))
	}
	if same&dstSameModified == 0 {
		ref, _, _ := parseModified(src.Modified) // the copy's time is near the source's
		c.modified(d.Modified, &ref)
	}
	if same&dstSameHashes == 0 {
		c.hashes(d.Hashes)
	}
}

// parseModified is a modification time as timeString wrote it: its
// nanoseconds and zone offset; ok false when the string is not one.
func parseModified(m string) (nano int64, zone int, ok bool) {
	t, err := time.Parse(time.RFC3339Nano, m)
	if err != nil {
		return 0, 0, false
	}
	_, zone = t.Zone()
	nano = t.UnixNano()
	return nano, zone, timeString(time.Unix(0, nano).In(zoneAt(zone))) == m
}

func (c *codecWriter) modified(m string, ref *int64) {
	nano, zone, ok := parseModified(m)
	switch {
	case m == "":
		c.uvarint(mirrorModNone)
	case !ok:
		c.uvarint(mirrorModLiteral)
		c.str(m)
	default:
		c.uvarint(mirrorModTime)
		c.varint(nano - *ref)
		c.varint(int64(zone))
		*ref = nano
	}
}

// hashes writes the storage's hashes, lower-case hex values as bytes.
func (c *codecWriter) hashes(h map[string]string) {
	c.uvarint(uint64(len(h)))
	for _, k := range slices.Sorted(maps.Keys(h)) {
		c.str(k)
		v := h[k]
		if b, err := hex.DecodeString(v); err == nil && hex.EncodeToString(b) == v {
			c.uvarint(uint64(len(b))<<1 | 1)
			c.raw(b)
		} else {
			c.uvarint(uint64(len(v)) << 1)
			c.raw([]byte(v))
		}
	}
}

func (mp *mirrorPrivate) readCompact(r *bufio.Reader) error {
	c := &codecReader{r: r}
	if v := c.byte(); c.err == nil && v != mirrorCodecVersion {
		return fmt.Errorf("private state of an unknown form (%#x)", v)
	}
	mp.Created, mp.Unmanaged = c.list(), c.list()
	mp.Copied, mp.Sent = map[string]*mirrorCopy{}, map[string]mirrorSide{}
	n := c.uvarint()
	var rel string
	var prevMod int64
	for i := uint64(0); i < n && c.err == nil; i++ {
		rel = c.frontCoded(rel)
		flags := c.byte()
		if flags&mirrorRecCopied != 0 {
			rec := &mirrorCopy{Src: c.side(&prevMod), Stale: flags&mirrorRecStale != 0}
			rec.Dst = rec.Src
			if flags&mirrorRecDstSame == 0 {
				rec.Dst = c.dstSide(rec.Src)
			}
			mp.Copied[rel] = rec
		}
		if flags&mirrorRecSent != 0 {
			mp.Sent[rel] = c.side(&prevMod)
		}
	}
	return c.err
}

func (c *codecReader) side(prevMod *int64) mirrorSide {
	s := mirrorSide{Size: int64(c.uvarint())}
	s.Modified = c.modified(prevMod)
	s.Hashes = c.hashes()
	return s
}

func (c *codecReader) dstSide(src mirrorSide) mirrorSide {
	same := c.byte()
	d := src
	if same&dstSameSize == 0 {
		d.Size = int64(c.uvarint())
	}
	if same&dstSameModified == 0 {
		ref, _, _ := parseModified(src.Modified)
		d.Modified = c.modified(&ref)
	}
	if same&dstSameHashes == 0 {
		d.Hashes = c.hashes()
	}
	return d
}

func (c *codecReader) modified(ref *int64) string {
	switch kind := c.uvarint(); kind {
	case mirrorModNone:
		return ""
	case mirrorModLiteral:
		return c.str()
	case mirrorModTime:
		nano := *ref + c.varint()
		zone := c.varint()
		*ref = nano
		return timeString(time.Unix(0, nano).In(zoneAt(int(zone))))
	default:
		c.err = errors.Join(c.err, errors.New("corrupt private state"))
		return ""
	}
}

func (c *codecReader) hashes() map[string]string {
	n := c.uvarint()
	if n == 0 || c.err != nil {
		return nil
	}
	h := make(map[string]string, min(n, 64))
	for range min(n, 64) {
		k := c.str()
		l := c.uvarint()
		b := c.bytes(l >> 1)
		if l&1 != 0 {
			h[k] = hex.EncodeToString(b)
		} else {
			h[k] = string(b)
		}
	}
	return h
}
