package review

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/spravka/spravka/pipeline/lexicon"
	"github.com/spravka/spravka/pipeline/record"
	"github.com/spravka/spravka/pipeline/report"
)

// Routes of the review server. Everything of the output folder is served
// under FilesPrefix with the folder's own layout, so that the links of the
// report work unchanged; the index and the page views there are drawn with
// the review's decisions.
const (
	FilesPrefix = "/o/"
	pathDecide  = "/api/decide"
	pathDone    = "/api/done"
	pathConc    = "/concordance"
	pathLexicon = "/lexicon.tsv"
	// TokenHeader carries the server's token on every request that changes
	// something: a page of another site cannot read it, so it cannot post.
	TokenHeader = "X-Spravka-Token"
	// maxBody bounds a request's body (10,000 decisions fit easily).
	maxBody = 4 << 20
)

// csp lets the pages load nothing but the server's own scripts, styles and
// images, and be framed by nobody.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Server serves the review of one output folder.
type Server struct {
	store *Store
	lex   *lexicon.Lexicon
	token string
	root  *os.Root
	log   *slog.Logger
	// hosts are the Host headers accepted (DNS rebinding: a foreign name
	// that resolves to this machine is refused)
	hosts map[string]bool
}

// NewServer returns the review server of the store's folder, to listen on
// addr (host:port, as bound: the port must be known). lex is the lexicon the
// learned lexicon is measured against.
func NewServer(store *Store, lex *lexicon.Lexicon, addr string, log *slog.Logger) (*Server, error) {
	root, err := os.OpenRoot(store.out.Root)
	if err != nil {
		return nil, err
	}
	tok := make([]byte, 24)
	if _, err := rand.Read(tok); err != nil {
		return nil, err
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	hosts := map[string]bool{addr: true, net.JoinHostPort("localhost", port): true,
		net.JoinHostPort("127.0.0.1", port): true, net.JoinHostPort("::1", port): true}
	if host == "" || host == "0.0.0.0" || host == "::" {
		// listening everywhere: the machine's own names are what it is called by
		if name, err := os.Hostname(); err == nil {
			hosts[net.JoinHostPort(name, port)] = true
		}
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if ip, _, err := net.ParseCIDR(a.String()); err == nil {
					hosts[net.JoinHostPort(ip.String(), port)] = true
				}
			}
		}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Server{store: store, lex: lex, token: hex.EncodeToString(tok), root: root, log: log, hosts: hosts}, nil
}

// Token is the server's token, as its pages carry it.
func (s *Server) Token() string { return s.token }

// Close releases the output folder.
func (s *Server) Close() error { return s.root.Close() }

// Handler returns the server's routes, behind its checks.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, FilesPrefix+"index.html", http.StatusFound)
	})
	mux.HandleFunc("GET "+FilesPrefix+"{path...}", s.serveFile)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("GET "+pathConc, s.serveConcordance)
	mux.HandleFunc("GET "+pathLexicon, s.serveLexicon)
	mux.HandleFunc("POST "+pathDecide, s.post(s.decide))
	mux.HandleFunc("POST "+pathDone, s.post(s.done))
	return s.guard(mux)
}

// guard refuses requests for another host and sets the security headers.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		if !s.hosts[strings.ToLower(r.Host)] {
			http.Error(w, "unknown host "+r.Host+": open the address spravka review printed", http.StatusForbidden)
			return
		}
		// a path that climbs is refused here, not redirected
		if p := r.URL.Path; strings.Contains(p+"/", "/../") || strings.Contains(p+"/", "/./") || strings.ContainsAny(p, "\\\x00") {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// post checks what every state-changing request must carry: the token and a
// JSON body.
func (s *Server) post(fn func(w http.ResponseWriter, r *http.Request, body []byte)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get(TokenHeader)), []byte(s.token)) != 1 {
			http.Error(w, "missing or wrong token: reload the page", http.StatusForbidden)
			return
		}
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			http.Error(w, "want a JSON body", http.StatusUnsupportedMediaType)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			http.Error(w, "request too large", http.StatusRequestEntityTooLarge)
			return
		}
		fn(w, r, body)
	}
}

// cleanName returns the folder-relative name of a request's path, or false
// when it is not a plain path inside the folder (.., absolute, backslashes,
// NUL, hidden parts: refused whether encoded or not).
func cleanName(p string) (string, bool) {
	if p == "" || strings.ContainsAny(p, "\\\x00") || !fs.ValidPath(p) {
		return "", false
	}
	for _, part := range strings.Split(p, "/") {
		if strings.HasPrefix(part, ".") {
			return "", false
		}
	}
	return p, true
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	name, ok := cleanName(r.PathValue("path"))
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	switch {
	case name == "index.html":
		s.serveIndex(w)
		return
	case strings.HasPrefix(name, report.Assets+"/"):
		// the server's own script and style, whatever the folder holds
		data, err := fs.ReadFile(report.AssetFS(), strings.TrimPrefix(name, report.Assets+"/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
		w.Write(data)
		return
	case strings.HasSuffix(name, report.ExtView) && s.store.Page(strings.TrimSuffix(name, report.ExtView)) != nil:
		s.servePage(w, strings.TrimSuffix(name, report.ExtView))
		return
	}
	f, err := s.root.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	} else {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	if strings.HasSuffix(name, ".txt") || strings.HasSuffix(name, ".tsv") {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	http.ServeContent(w, r, "", fi.ModTime(), f)
}

func (s *Server) serveIndex(w http.ResponseWriter) {
	pages := s.store.Pages()
	sum := record.Summarize(s.store.tool, pages)
	rv := &report.ReviewIndex{Token: s.token, Progress: s.store.Progress().String(), Lexicon: pathLexicon, Pages: map[string]report.PageReview{}}
	for _, p := range pages {
		pr := report.PageReview{}
		if p.Correction != nil {
			pr.Total = len(p.Correction.Corrections)
		}
		pr.Decided, pr.Done = s.store.PageProgress(p.Name)
		rv.Pages[p.Name] = pr
	}
	html, err := report.ReviewedIndex(sum, pages, rv)
	s.writeHTML(w, html, err)
}

func (s *Server) servePage(w http.ResponseWriter, name string) {
	v, rv, err := s.store.View(name, s.token)
	if err != nil {
		s.log.Error("page view", "page", name, "error", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	html, err := report.Page(v, rv)
	s.writeHTML(w, html, err)
}

func (s *Server) writeHTML(w http.ResponseWriter, html []byte, err error) {
	if err != nil {
		s.log.Error("rendering", "error", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(html)
}

//go:embed concordance.html.tmpl
var concTmpl string

var concordance = template.Must(template.New("concordance").Funcs(template.FuncMap{
	"link": func(name string) template.URL { return template.URL(FilesPrefix) + report.RelLink("", name) },
	"pad": func(b pageBox, m int) string {
		return fmt.Sprintf("%d %d %d %d", max(b.X0-m, 0), max(b.Y0-m, 0), b.X1-b.X0+2*m, b.Y1-b.Y0+2*m)
	},
}).Parse(concTmpl))

type pageBox = struct{ X0, Y0, X1, Y1 int }

func (s *Server) serveConcordance(w http.ResponseWriter, r *http.Request) {
	q := Query{Reading: r.URL.Query().Get("reading"), From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}
	occ, err := s.store.Concordance(q)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	type row struct {
		Occurrence
		B pageBox
	}
	rows := make([]row, len(occ))
	for i, o := range occ {
		rows[i] = row{o, pageBox{o.Box.X0, o.Box.Y0, o.Box.X1, o.Box.Y1}}
	}
	suggest := q.To
	if suggest == "" && len(occ) > 0 {
		suggest = trimEdges(occ[0].Now)
	}
	var b bytes.Buffer
	err = concordance.Execute(&b, struct {
		Q        Query
		Rows     []row
		Token    string
		Suggest  string
		Limit    int
		Progress string
	}{q, rows, s.token, suggest, MaxOccurrences, s.store.Progress().String()})
	s.writeHTML(w, b.Bytes(), err)
}

func (s *Server) serveLexicon(w http.ResponseWriter, r *http.Request) {
	data, _, err := s.store.Learn(s.lex)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/tab-separated-values; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="learned.tsv"`)
	w.Write(data)
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		Items []Item `json:"items"`
	}
	if err := strictJSON(body, &req); err != nil || len(req.Items) == 0 {
		http.Error(w, fmt.Sprintf("want {\"items\": [...]}: %v", err), http.StatusBadRequest)
		return
	}
	n, err := s.store.Decide(req.Items)
	if err != nil {
		s.log.Warn("decision refused", "error", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.log.Info("decided", "count", n)
	writeJSON(w, map[string]any{"decided": n, "progress": s.store.Progress().String()})
}

func (s *Server) done(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		Page string `json:"page"`
		Done bool   `json:"done"`
	}
	if err := strictJSON(body, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := s.store.MarkDone(req.Page, req.Done); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	writeJSON(w, map[string]any{"done": req.Done, "progress": s.store.Progress().String()})
}

func strictJSON(body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// IsLoopback reports whether the host of addr (host:port) is a loopback
// address or "localhost".
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
