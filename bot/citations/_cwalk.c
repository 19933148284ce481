/* The walk's top level at compiled speed (optional: walk.py runs without it).

   walk(text, pos, until, horizon, los, his, horizons, memo) -> (pos, horizon, stop, done)
   memo(text) -> the searches for closing marks in `text`, remembered across calls (an opaque
   object holding `text`: walk refuses it with any other text)

   Steps the scanner of scanner.py (collect=False) from `pos`, where it is at top level with
   `horizon`, exactly as `Walk._advance` steps it token by token: every token that ends
   (with its one-character lookahead) by `until`, recording each top-level stretch into the
   three lists as `Walk._record` does: comments, templates, refs and parser-blacklisted
   tags, closed or not. On the rest (a parser-blacklisted tag whose name only Unicode case
   folding matches, templates and refs nested near the depth limit) it stops and hands back
   the last top-level point it passed, `stop` being where it stopped: the Python scanner
   steps on from there, so the records are the same either way. `done`: the text ended at
   top level.

   Each rule below names the Python it follows (scanner.py, tokens.py); the tests run the
   walk with and without this module against stepping token by token. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define MAX_STACK 96 /* below scanner.MAX_DEPTH (100): deeper is the Python scanner's */

/* A search remembered as Scanner._search remembers it: searched from `from`, the first
   match at `at` (-1: none to the end) ending at `end`. Kept across calls (the memo object
   of one Walk), so that stopping at an unclosed mark and coming back costs no new search:
   a page of 100,000 unclosed `<pre>` is read once, not once per `<pre>`. */
typedef struct {
    Py_ssize_t from, at, end;
} Search;

#define N_NAMES 18
typedef struct {
    PyObject *text; /* a reference held: the memo is of this str only */
    Search comment, close[N_NAMES]; /* `-->`; `</name\s*>` for each of NAMES */
} Memo;

#define MEMO "bot.citations._cwalk.memo"

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
    Memo *memo;
} Text;

#define AT(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))

/* Sets of ASCII characters a run stops at: `<{}` (tokens; a simple template's or ref's
   text, `[^{}<]`, `[^<{}]`), `<>` (a tag's attributes, `[^<>]`), `<` (closing tags), `-`
   (`-->`). `chars` lists them for the vector loop (the last repeated in a smaller set). */
typedef struct {
    unsigned char stop[128];
    char chars[3];
} Stops;
static const Stops BRACES_LT = {{['<'] = 1, ['{'] = 1, ['}'] = 1}, {'<', '{', '}'}};
static const Stops ANGLES = {{['<'] = 1, ['>'] = 1}, {'<', '>', '>'}};
static const Stops LT = {{['<'] = 1}, {'<', '<', '<'}};
static const Stops DASH = {{['-'] = 1}, {'-', '-', '-'}};

#ifdef __SSE2__
#include <emmintrin.h>
/* Sixteen bytes at a time while none is one of the set's characters (each set holds
   two or three), before the loop below: a page is mostly text between them. */
#define WIDE(T, SET1, CMP)                                                                \
    {                                                                                     \
        const __m128i a = SET1(set->chars[0]), b = SET1(set->chars[1]),                   \
                      c = SET1(set->chars[2]);                                            \
        while (i + (Py_ssize_t)(16 / sizeof(T)) <= n) {                                   \
            __m128i v = _mm_loadu_si128((const __m128i *)(s + i));                        \
            __m128i hit = _mm_or_si128(_mm_or_si128(CMP(v, a), CMP(v, b)), CMP(v, c));    \
            if (_mm_movemask_epi8(hit)) break;                                            \
            i += 16 / sizeof(T);                                                          \
        }                                                                                 \
    }
#define WIDE1 WIDE(Py_UCS1, _mm_set1_epi8, _mm_cmpeq_epi8)
#define WIDE2 WIDE(Py_UCS2, _mm_set1_epi16, _mm_cmpeq_epi16)
#else
#define WIDE1
#define WIDE2
#endif

#define SKIP(T, WIDE_LOOP)                                                                \
    {                                                                                     \
        const T *s = (const T *)t->data;                                                  \
        WIDE_LOOP                                                                         \
        while (i < n && !(s[i] < 128 && set->stop[s[i]])) i++;                            \
        return i;                                                                         \
    }

/* The first i' >= i where text[i'] is in `set` (n if none): one tight loop per width. */
static Py_ssize_t skip(const Text *t, Py_ssize_t i, const Stops *set) {
    Py_ssize_t n = t->n;
    switch (t->kind) {
    case PyUnicode_1BYTE_KIND: SKIP(Py_UCS1, WIDE1)
    case PyUnicode_2BYTE_KIND: SKIP(Py_UCS2, WIDE2)
    default: SKIP(Py_UCS4, )
    }
}

enum { T_NONE, T_COMMENT, T_OPEN, T_CLOSE, T_REF, T_REF_END, T_TAG, T_TAG_END };

static const char *const NAMES[N_NAMES + 1] = {
    "ref", "categorytree", "ce", "chem", "gallery", "graph", "hiero", "imagemap", "inputbox",
    "math", "nowiki", "pre", "score", "section", "source", "syntaxhighlight", "templatedata",
    "timeline", NULL}; /* tokens.TOKEN_RE: `ref` first, then tokens.MASKED_TAGS */

static int is_space(Py_UCS4 c) { return Py_UNICODE_ISSPACE(c); } /* re's `\s` on str */

/* Whether `c` is the ASCII lowercase letter `x` under re's `(?i)` on str: its case, and the
   only other characters that match a letter of a tag name (every character was tried): the
   dotted and dotless i, the long s, the Kelvin sign. */
static int same_letter(Py_UCS4 c, char x) {
    if (c < 128) return (c >= 'A' && c <= 'Z' ? c + 32 : c) == (Py_UCS4)x;
    return (x == 'i' && (c == 0x130 || c == 0x131)) || (x == 's' && c == 0x17f) ||
           (x == 'k' && c == 0x212a);
}

/* Whether `name` (ASCII lowercase) is at i, case-insensitively; *plain: in ASCII only. */
static int name_at(const Text *t, Py_ssize_t i, const char *name, int *plain) {
    *plain = 1;
    for (Py_ssize_t k = 0; name[k]; k++) {
        if (i + k >= t->n) return 0;
        Py_UCS4 c = AT(t, i + k);
        if (!same_letter(c, name[k])) return 0;
        *plain &= c < 128;
    }
    return 1;
}

/* The token at i, a `<`: TOKEN_RE's `<!--` or `<(/?)(name)(?=[\s/>])`. Sets *end and the
   index of the name in NAMES; *plain: the name is in ASCII. */
static int lt_token(const Text *t, Py_ssize_t i, Py_ssize_t *end, int *name, int *plain) {
    Py_ssize_t n = t->n;
    if (i + 3 < n && AT(t, i + 1) == '!' && AT(t, i + 2) == '-' && AT(t, i + 3) == '-') {
        *end = i + 4;
        return T_COMMENT;
    }
    Py_ssize_t j = i + 1;
    int closing = j < n && AT(t, j) == '/';
    j += closing;
    for (int k = 0; NAMES[k]; k++) { /* no name is the start of another */
        if (!name_at(t, j, NAMES[k], plain)) continue;
        Py_ssize_t e = j + (Py_ssize_t)strlen(NAMES[k]);
        if (e >= n) return T_NONE;
        Py_UCS4 c = AT(t, e);
        if (c != '/' && c != '>' && !is_space(c)) return T_NONE;
        *end = e;
        *name = k;
        if (k == 0) return closing ? T_REF_END : T_REF;
        return closing ? T_TAG_END : T_TAG;
    }
    return T_NONE;
}

/* The next token at or after `from` (TOKEN_RE.search): its kind, start and end. */
static int next_token(const Text *t, Py_ssize_t from, Py_ssize_t *start, Py_ssize_t *end,
                      int *name, int *plain) {
    Py_ssize_t n = t->n;
    for (Py_ssize_t i = skip(t, from, &BRACES_LT); i < n; i = skip(t, i + 1, &BRACES_LT)) {
        Py_UCS4 c = AT(t, i);
        if (c == '{' || c == '}') {
            if (i + 1 < n && AT(t, i + 1) == c) {
                *start = i;
                *end = i + 2;
                return c == '{' ? T_OPEN : T_CLOSE;
            }
        } else if (c == '<') {
            int kind = lt_token(t, i, end, name, plain);
            if (kind != T_NONE) {
                *start = i;
                return kind;
            }
        }
    }
    *start = *end = n;
    return T_NONE;
}

/* The end of a simple template at i (`\{\{[^{}<]*+\}\}`), or -1. */
static Py_ssize_t simple_template(Text *t, Py_ssize_t i) {
    Py_ssize_t j = skip(t, i + 2, &BRACES_LT);
    if (j + 1 < t->n && AT(t, j) == '}' && AT(t, j + 1) == '}') return j + 2;
    return -1;
}

/* The end of `</name\s*>` (case-insensitive) at i, or -1: REF_CLOSE_RE.match for `ref`,
   tokens.closing_re(name).match for the others. */
static Py_ssize_t close_at(const Text *t, Py_ssize_t i, const char *name) {
    int plain;
    if (i + 1 >= t->n || AT(t, i) != '<' || AT(t, i + 1) != '/' || !name_at(t, i + 2, name, &plain))
        return -1;
    Py_ssize_t j = i + 2 + (Py_ssize_t)strlen(name);
    while (j < t->n && is_space(AT(t, j))) j++;
    return j < t->n && AT(t, j) == '>' ? j + 1 : -1;
}

/* Scanner._look_to_bracket: the end of the first `<` or `>` at or after i (n if none). */
static Py_ssize_t to_bracket(const Text *t, Py_ssize_t i) {
    i = skip(t, i, &ANGLES);
    return i < t->n ? i + 1 : t->n;
}

/* Whether `s` answers a search from `from` (Scanner._search's test). */
static int known(const Search *s, Py_ssize_t from) {
    return s->from >= 0 && s->from <= from && (s->at < 0 || from <= s->at);
}

/* The first `</name\s*>` at or after `from`, NAMES[name]: its start and *end, or -1. */
static Py_ssize_t close_search(const Text *t, Py_ssize_t from, int name, Py_ssize_t *end) {
    Search *s = &t->memo->close[name];
    if (!known(s, from)) {
        s->from = from;
        s->at = s->end = -1;
        for (Py_ssize_t i = skip(t, from, &LT); i < t->n; i = skip(t, i + 1, &LT)) {
            if ((s->end = close_at(t, i, NAMES[name])) >= 0) {
                s->at = i;
                break;
            }
        }
    }
    *end = s->end;
    return s->at;
}

/* The first `-->` at or after `from`, or -1. */
static Py_ssize_t comment_end_search(const Text *t, Py_ssize_t from) {
    Search *s = &t->memo->comment;
    if (!known(s, from)) {
        s->from = from;
        s->at = -1;
        for (Py_ssize_t i = skip(t, from, &DASH); i + 2 < t->n; i = skip(t, i + 1, &DASH)) {
            if (AT(t, i + 1) == '-' && AT(t, i + 2) == '>') {
                s->at = i;
                break;
            }
        }
    }
    return s->at;
}

/* The end of a simple ref at i (tokens.SIMPLE_REF_RE.match), or -1. */
static Py_ssize_t simple_ref(Text *t, Py_ssize_t i) {
    Py_ssize_t n = t->n, j = i + 4;
    if (j >= n) return -1;
    if (is_space(AT(t, j))) { /* (?:\s[^<>]*+)?(?<!/)> */
        j = skip(t, j + 1, &ANGLES);
        if (j >= n || AT(t, j) != '>' || AT(t, j - 1) == '/') return -1;
    } else if (AT(t, j) != '>') {
        return -1;
    }
    for (j = skip(t, j + 1, &BRACES_LT); j + 1 < n && AT(t, j) == '{' && AT(t, j + 1) == '{';
         j = skip(t, j, &BRACES_LT)) { /* (?:[^<{}]++|\{\{[^{}<]*+\}\})*+ */
        Py_ssize_t e = simple_template(t, j);
        if (e < 0) break;
        j = e;
    }
    return close_at(t, j, "ref");
}

/* The end of the opening tag at i, whose name has `length` characters: REF_OPEN_RE.match
   or MASK_OPEN_RE.match, `<name(\s[^<>]*?)?(/?)>`; *self_closing; -1 if none. */
static Py_ssize_t tag_open(const Text *t, Py_ssize_t i, Py_ssize_t length, int *self_closing) {
    Py_ssize_t n = t->n, j = i + 1 + length;
    *self_closing = 0;
    if (j >= n) return -1;
    Py_UCS4 c = AT(t, j);
    if (c == '>') return j + 1;
    if (c == '/') {
        *self_closing = 1;
        return j + 1 < n && AT(t, j + 1) == '>' ? j + 2 : -1;
    }
    if (!is_space(c)) return -1;
    Py_ssize_t g = skip(t, j + 1, &ANGLES);
    if (g >= n || AT(t, g) != '>') return -1;
    *self_closing = g - 1 > j && AT(t, g - 1) == '/';
    return g + 1;
}

static int record(PyObject *los, PyObject *his, PyObject *horizons, Py_ssize_t lo,
                  Py_ssize_t hi, Py_ssize_t horizon) {
    Py_ssize_t size = PyList_GET_SIZE(los);
    Py_ssize_t last_lo = size ? PyLong_AsSsize_t(PyList_GET_ITEM(los, size - 1)) : -1;
    if (last_lo == -1 && PyErr_Occurred()) return -1;
    if (size && last_lo == lo) {
        Py_ssize_t last = PyLong_AsSsize_t(PyList_GET_ITEM(his, size - 1));
        if (last == -1 && PyErr_Occurred()) return -1;
        if (hi <= last) return 0;
        PyObject *value = PyLong_FromSsize_t(hi);
        if (!value) return -1;
        return PyList_SetItem(his, size - 1, value); /* steals the reference */
    }
    PyObject *a = PyLong_FromSsize_t(lo), *b = PyLong_FromSsize_t(hi),
             *c = PyLong_FromSsize_t(horizon);
    int failed = !a || !b || !c || PyList_Append(los, a) || PyList_Append(his, b) ||
                 PyList_Append(horizons, c);
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    return failed ? -1 : 0;
}

#define LOOK(x) (horizon = (x) > horizon ? (x) : horizon)

static void free_memo(PyObject *capsule) {
    Memo *memo = PyCapsule_GetPointer(capsule, MEMO);
    if (memo) {
        Py_XDECREF(memo->text);
        PyMem_Free(memo);
    }
}

static PyObject *new_memo(PyObject *self, PyObject *text) {
    (void)self;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "memo(text): text must be a str");
        return NULL;
    }
    Memo *memo = PyMem_Malloc(sizeof *memo);
    if (!memo) return PyErr_NoMemory();
    memset(memo, 0xff, sizeof *memo); /* every search -1: nothing searched yet */
    Py_INCREF(text);
    memo->text = text;
    PyObject *capsule = PyCapsule_New(memo, MEMO, free_memo);
    if (!capsule) {
        Py_DECREF(text);
        PyMem_Free(memo);
    }
    return capsule;
}

static PyObject *walk(PyObject *self, PyObject *args) {
    PyObject *text, *los, *his, *horizons, *memo;
    Py_ssize_t pos, until, horizon;
    (void)self;
    if (!PyArg_ParseTuple(args, "UnnnO!O!O!O", &text, &pos, &until, &horizon, &PyList_Type,
                          &los, &PyList_Type, &his, &PyList_Type, &horizons, &memo))
        return NULL;
    Memo *searches = PyCapsule_GetPointer(memo, MEMO);
    if (!searches) return NULL;
    if (searches->text != text) {
        PyErr_SetString(PyExc_ValueError, "a memo of another text");
        return NULL;
    }
    if (PyUnicode_READY(text) < 0) return NULL;
    if (pos < 0 || pos > PyUnicode_GET_LENGTH(text)) {
        PyErr_SetString(PyExc_ValueError, "pos is outside the text");
        return NULL;
    }
    if (PyList_GET_SIZE(his) != PyList_GET_SIZE(los) ||
        PyList_GET_SIZE(horizons) != PyList_GET_SIZE(los)) {
        PyErr_SetString(PyExc_ValueError, "lists of unequal length");
        return NULL;
    }
    Text t = {PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text), searches};
    char stack[MAX_STACK]; /* 't' template, 'r' ref */
    int depth = 0;
    Py_ssize_t top_pos = pos, top_horizon = horizon, start, end;
    for (;;) {
        int name = 0, plain = 1, self_closing;
        int kind = next_token(&t, pos, &start, &end, &name, &plain);
        if (depth == 0) {
            if (record(los, his, horizons, pos, start, horizon) < 0) return NULL;
            top_pos = pos;
            top_horizon = horizon;
        }
        if (kind == T_NONE) {
            if (depth == 0) return Py_BuildValue("nnnO", pos, horizon, t.n, Py_True);
            break;
        }
        if (end + 1 > until) break;
        LOOK(end + 1); /* Scanner.step: the token's own lookahead */
        if (kind == T_COMMENT) { /* Scanner._comment */
            Py_ssize_t close = comment_end_search(&t, start + 4);
            LOOK(close < 0 ? t.n : close + 3); /* unclosed: text, having read to the end */
            pos = close < 0 ? start + 4 : close + 3;
        } else if (kind == T_OPEN) { /* Scanner.step, _open_template */
            Py_ssize_t simple = simple_template(&t, start);
            if (simple >= 0) {
                pos = simple;
                continue;
            }
            if (depth >= MAX_STACK) break;
            LOOK(start + 12);
            Py_ssize_t limit = start + 12 < t.n ? start + 12 : t.n, k;
            for (k = start + 2; k < limit && AT(&t, k) != '#'; k++)
                ;
            if (k < limit) { /* `{{#…`: its name is read (spans.NAME_RE, `[^|{}]{0,256}`) */
                limit = start + 2 + 256 < t.n ? start + 2 + 256 : t.n;
                for (k = start + 2; k < limit; k++) {
                    Py_UCS4 c = AT(&t, k);
                    if (c == '|' || c == '{' || c == '}') break;
                }
                LOOK(k + 1); /* whether it names a ref (#tag:ref) matters to spans only */
            }
            stack[depth++] = 't';
            pos = start + 2;
        } else if (kind == T_CLOSE) { /* Scanner._close_template */
            pos = start + 2;
            if (depth && stack[depth - 1] == 't') depth--;
        } else if (kind == T_REF) { /* Scanner._ref */
            Py_ssize_t simple = simple_ref(&t, start);
            if (simple >= 0) {
                LOOK(simple + 1);
                pos = simple;
                continue;
            }
            Py_ssize_t opened = tag_open(&t, start, 3, &self_closing), close_end;
            if (opened < 0) { /* not a tag: text, read to the next `<` or `>` */
                LOOK(to_bracket(&t, start + 1));
                pos = start + 4;
                continue;
            }
            pos = opened;
            LOOK(opened);
            if (self_closing) continue;
            if (close_search(&t, opened, 0, &close_end) < 0) {
                LOOK(t.n); /* never closed: reported as such, nothing opened */
                continue;
            }
            if (depth >= MAX_STACK) break;
            LOOK(close_end);
            stack[depth++] = 'r';
        } else if (kind == T_REF_END) { /* Scanner._close_ref */
            Py_ssize_t close = close_at(&t, start, "ref");
            if (close < 0) {
                pos = end;
                continue;
            }
            pos = close;
            int k = depth - 1;
            while (k >= 0 && stack[k] != 'r') k--;
            if (k >= 0) depth = k;
        } else if (kind == T_TAG_END) { /* Scanner.step: a stray closing tag is text */
            pos = end;
        } else { /* T_TAG, a parser-blacklisted tag: Scanner._masked */
            /* a name matched only by Unicode case folding is lowered by str.lower there,
               into a pattern of its own: left to that code */
            if (!plain) break;
            Py_ssize_t length = (Py_ssize_t)strlen(NAMES[name]), close_end;
            Py_ssize_t opened = tag_open(&t, start, length, &self_closing);
            if (opened < 0) { /* not a tag: text, read to the next `<` or `>` */
                LOOK(to_bracket(&t, start + 1));
                pos = start + 1;
                continue;
            }
            LOOK(opened);
            pos = opened;
            if (self_closing) continue;
            if (close_search(&t, opened, name, &close_end) < 0) {
                LOOK(t.n); /* never closed: text */
                continue;
            }
            LOOK(close_end);
            pos = close_end;
        }
    }
    return Py_BuildValue("nnnO", top_pos, top_horizon, start, Py_False);
}

static PyMethodDef methods[] = {
    {"walk", walk, METH_VARARGS, "Step the scanner's top level (see the module's source)."},
    {"memo", new_memo, METH_O, "The memo of searches for walks of one text."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cwalk", NULL, -1, methods, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__cwalk(void) { return PyModule_Create(&module); }
