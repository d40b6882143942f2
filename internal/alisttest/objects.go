package alisttest

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Object types as the real servers number them.
const (
	TypeUnknown = 0
	TypeFolder  = 1
	TypeVideo   = 2
	TypeAudio   = 3
	TypeText    = 4
	TypeImage   = 5
)

var typeByExt = func() map[string]int {
	m := map[string]int{}
	for t, exts := range map[int]string{
		TypeText:  "txt,htm,html,xml,java,properties,sql,js,md,json,conf,ini,vue,php,py,bat,gitignore,yml,yaml,toml,go,sh,c,cpp,h,hpp,tsx,vtt,srt,ass,rs,lrc,csv,log,tf,hcl",
		TypeAudio: "mp3,flac,ogg,m4a,wav,opus,wma",
		TypeVideo: "mp4,mkv,avi,mov,rmvb,webm,flv",
		TypeImage: "jpg,tiff,jpeg,png,gif,bmp,svg,ico,swf,webp",
	} {
		for _, e := range strings.Split(exts, ",") {
			m[e] = t
		}
	}
	return m
}()

// fileType derives the type from the name only; fs/get uses it even for
// folders (which therefore show 0 there).
func fileType(name string) int {
	return typeByExt[strings.TrimPrefix(strings.ToLower(path.Ext(name)), ".")]
}

// listType is fs/list's type: folders are 1.
func listType(o obj) int {
	if o.isDir {
		return TypeFolder
	}
	return fileType(o.name)
}

// diskPathField is v3.62's "path": the real path on disk for Local, the
// path inside the storage for other drivers (the target's path for the
// AList V3 driver), "" for virtual folders.
func diskPathField(o obj, m *mount) string {
	if m != nil && (m.caching || m.remote != nil) {
		return o.actual
	}
	return o.disk
}

// objectFields are the fields shared by list items and fs/get. vpath is the
// object's full virtual path; typ differs between the two calls.
func (s *Server) objectFields(o obj, vpath string, m *mount, typ int) object {
	var f object
	if s.flavor == AListV362 {
		f = object{{"id", ""}, {"path", diskPathField(o, m)}, {"virtual_path", vpath}}
	}
	sign := ""
	if !o.isDir {
		sign = s.Sign(vpath)
	}
	hashText, hashInfo := o.hashInfo()
	return append(f,
		field{"name", o.name},
		field{"size", o.size},
		field{"is_dir", o.isDir},
		field{"modified", o.modified},
		field{"created", o.created},
		field{"sign", sign},
		field{"thumb", ""},
		field{"type", typ},
		field{"hashinfo", hashText},
		field{"hash_info", hashInfo},
	)
}

// listItems renders the entries of folder dir. An empty result is null, as
// on the real servers.
func (s *Server) listItems(objs []obj, dir string, m *mount) []object {
	var out []object
	for _, o := range objs {
		it := s.objectFields(o, path.Join(dir, o.name), m, listType(o))
		if s.flavor == AListV362 {
			it = append(it, field{"label_list", nil})
		}
		out = append(out, it)
	}
	return out
}

// apiURL is the address the client used, for raw_url.
func apiURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
		scheme = p
	}
	return scheme + "://" + r.Host
}

// escapePath escapes each segment with url.PathEscape, as the real
// servers' utils.EncodePath(path, true).
func escapePath(p string) string {
	seg := strings.Split(p, "/")
	for i := range seg {
		seg[i] = url.PathEscape(seg[i])
	}
	return strings.Join(seg, "/")
}

// rawURL is the proxy link of a file: /p/<path>?sign=<sign>.
func (s *Server) rawURL(r *http.Request, vpath string) string {
	return apiURL(r) + "/p" + escapePath(vpath) + "?sign=" + s.Sign(vpath)
}

// related are the siblings whose names start with the object's name
// without its extension (e.g. subtitles next to a video).
func related(siblings []obj, o obj) []obj {
	var out []obj
	isRelated := relatedTo(o)
	for _, sb := range siblings {
		if isRelated(sb.name) {
			out = append(out, sb)
		}
	}
	return out
}

// relatedTo tells which names are related to o (its base name computed
// once, not once per sibling).
func relatedTo(o obj) func(name string) bool {
	base := strings.TrimSuffix(o.name, path.Ext(o.name))
	return func(name string) bool { return name != o.name && strings.HasPrefix(name, base) }
}
