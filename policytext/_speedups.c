/* Optional compiled versions of two per-character passes of the conversion (policytext/normalize/scan.py holds
 * the pure-Python versions, which give the same results; tests/test_scan.py checks that they agree).
 *
 * map_bmp(text, table)            text with every character below U+10000 replaced by table[ord(c)] (table: a str
 *                                 of 65536 characters); characters past the BMP are kept. The same as
 *                                 text.translate(list(table)).
 * class_hits(text, classes, limit) the positions i, in order, where text[i + k] is in classes[k] for every k;
 *                                 at most limit of them (limit < 0: all). A class is a bytes object of 8193
 *                                 bytes: a bitmap of the BMP (bit c & 7 of byte c >> 3 for code point c) and a
 *                                 last byte that is nonzero when every character past the BMP is in the class.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define BMP 0x10000
#define CLASS_BYTES (BMP / 8 + 1)

static PyObject *
map_bmp(PyObject *self, PyObject *args)
{
    PyObject *text, *table;
    if (!PyArg_ParseTuple(args, "UU:map_bmp", &text, &table))
        return NULL;
    if (PyUnicode_GET_LENGTH(table) != BMP) {
        PyErr_SetString(PyExc_ValueError, "map_bmp: the table must hold 65536 characters");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int tkind = PyUnicode_KIND(text), bkind = PyUnicode_KIND(table);
    const void *tdata = PyUnicode_DATA(text), *bdata = PyUnicode_DATA(table);
    /* first pass: the widest character of the result (a str is stored in the narrowest form that holds it) */
    Py_UCS4 widest = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(tkind, tdata, i);
        Py_UCS4 m = c < BMP ? PyUnicode_READ(bkind, bdata, c) : c;
        if (m > widest)
            widest = m;
    }
    PyObject *out = PyUnicode_New(n, widest);
    if (out == NULL)
        return NULL;
    int okind = PyUnicode_KIND(out);
    void *odata = PyUnicode_DATA(out);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(tkind, tdata, i);
        PyUnicode_WRITE(okind, odata, i, c < BMP ? PyUnicode_READ(bkind, bdata, c) : c);
    }
    return out;
}

static inline int
in_class(const unsigned char *cls, Py_UCS4 c)
{
    if (c < BMP)
        return (cls[c >> 3] >> (c & 7)) & 1;
    return cls[BMP / 8] != 0;
}

static int
append_pos(PyObject *out, Py_ssize_t i)
{
    PyObject *pos = PyLong_FromSsize_t(i);
    if (pos == NULL)
        return -1;
    int r = PyList_Append(out, pos);
    Py_DECREF(pos);
    return r;
}

/* the scan for one storage width of the text: T is the code unit type (one unit per character); BMP_ONLY when
   every unit is below U+10000 (the bitmap alone decides) */
#define SCAN(T, BMP_ONLY)                                                                                     \
    do {                                                                                                      \
        const T *s = (const T *)data;                                                                         \
        const unsigned char *first = cls[0];                                                                  \
        Py_ssize_t stop = n - width + 1;                                                                      \
        for (Py_ssize_t i = 0; i < stop; i++) {                                                               \
            Py_UCS4 c = s[i];                                                                                 \
            if (BMP_ONLY ? !((first[c >> 3] >> (c & 7)) & 1) : !in_class(first, c))                           \
                continue;                                                                                     \
            Py_ssize_t k = 1;                                                                                 \
            while (k < width && in_class(cls[k], s[i + k]))                                                   \
                k++;                                                                                          \
            if (k < width)                                                                                    \
                continue;                                                                                     \
            if (append_pos(out, i) < 0) {                                                                     \
                Py_DECREF(out);                                                                               \
                return NULL;                                                                                  \
            }                                                                                                 \
            if (limit > 0 && PyList_GET_SIZE(out) >= limit)                                                   \
                break;                                                                                        \
        }                                                                                                     \
    } while (0)

static PyObject *
class_hits(PyObject *self, PyObject *args)
{
    PyObject *text, *classes;
    Py_ssize_t limit = -1;
    if (!PyArg_ParseTuple(args, "UO!|n:class_hits", &text, &PyTuple_Type, &classes, &limit))
        return NULL;
    Py_ssize_t width = PyTuple_GET_SIZE(classes);
    if (width < 1 || width > 8) {
        PyErr_SetString(PyExc_ValueError, "class_hits: one to eight classes");
        return NULL;
    }
    const unsigned char *cls[8];
    for (Py_ssize_t k = 0; k < width; k++) {
        PyObject *b = PyTuple_GET_ITEM(classes, k);
        if (!PyBytes_Check(b) || PyBytes_GET_SIZE(b) != CLASS_BYTES) {
            PyErr_SetString(PyExc_ValueError, "class_hits: each class is a bytes object of 8193 bytes");
            return NULL;
        }
        cls[k] = (const unsigned char *)PyBytes_AS_STRING(b);
    }
    PyObject *out = PyList_New(0);
    if (out == NULL || limit == 0)
        return out;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        SCAN(Py_UCS1, 1);
        break;
    case PyUnicode_2BYTE_KIND:
        SCAN(Py_UCS2, 1);
        break;
    default:
        SCAN(Py_UCS4, 0);
        break;
    }
    return out;
}

static PyMethodDef methods[] = {
    {"map_bmp", map_bmp, METH_VARARGS, "text with each BMP character replaced by table[ord(c)]"},
    {"class_hits", class_hits, METH_VARARGS, "positions where text[i + k] is in classes[k] for every k"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModule_Create(&module);
}
