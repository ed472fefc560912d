"""The interface language of tools/ifgen.py: reads a .defs file into a Subsystem of
Routines and Params, computes the layout of each message, and checks everything the
grammar cannot say (names, sizes, the registry of subsystem ids). Every mistake is a
DefsError, printed as FILE:LINE: message. interfaces/README.md describes the language.
"""

import os
import re

HEADER_SIZE = 24  # struct msg_header
DESC_SIZE = 16  # struct msg_desc
ERROR_REPLY_SIZE = 32  # struct rpc_error_reply: the header and the result
MSG_SIZE_MAX = 16384
MSG_DESC_MAX = 64
REPLY_ID_OFFSET = 100  # RPC_REPLY_ID in lib/include/rpc.h
ID_LIMIT = 0x4E000000  # registered ids stay below: room for ids outside the registry

SCALARS = {"int32": "int32_t", "uint32": "uint32_t", "int64": "int64_t", "uint64": "uint64_t"}
# port type: (disposition the sender uses, disposition the receiver finds)
PORTS = {
    "send": ("MSG_COPY_SEND", "MSG_MOVE_SEND"),
    "move_send": ("MSG_MOVE_SEND", "MSG_MOVE_SEND"),
    "make_send": ("MSG_MAKE_SEND", "MSG_MOVE_SEND"),
    "send_once": ("MSG_MAKE_SEND_ONCE", "MSG_MOVE_SEND_ONCE"),
    "move_send_once": ("MSG_MOVE_SEND_ONCE", "MSG_MOVE_SEND_ONCE"),
    "move_receive": ("MSG_MOVE_RECEIVE", "MSG_MOVE_RECEIVE"),
}
# copy_ool: the sender's buffer is copied as it is sent (it may reuse it at once); a
# client receives it into a buffer of its own (MSG_OOL_OVERWRITE), not a new region.
OOLS = {"ool": "0", "move_ool": "MSG_OOL_DEALLOCATE", "copy_ool": "MSG_OOL_COPY"}
ARRAYS = ("string", "bytes")

C_KEYWORDS = set(
    "auto break case char const continue default do double else enum extern float for goto"
    " if inline int long register restrict return short signed sizeof static struct switch"
    " typedef union unsigned void volatile while asm typeof bool true false".split()
)
# Names the generated code uses itself: struct members, locals and stub parameters.
RESERVED = {"hdr", "data", "pad", "result", "ctx", "in", "out", "m", "p", "r", "rep", "req",
            "reply", "ret", "server"}


class DefsError(Exception):
    """A mistake in an input file, reported as FILE:LINE: message."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def align8(n):
    return (n + 7) & ~7


# ---------------------------------------------------------------------------------------
# The language: tokens, types, routines.

TOKEN = re.compile(
    r"(?P<space>[ \t\r\f]+)|(?P<newline>\n)|(?P<comment>#[^\n]*)"
    r"|(?P<punct>->|[();:,\[\]])"
    r"|(?P<number>(?:0x[0-9a-fA-F]+|[0-9]+)(?![A-Za-z0-9_]))|(?P<badnumber>[0-9]\w*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_]*)"
)
NAME = re.compile(r"[a-z][a-z0-9_]*\Z")


class Token:
    def __init__(self, kind, text, line):
        self.kind, self.text, self.line = kind, text, line

    def show(self):
        return "end of file" if self.kind == "eof" else f"'{self.text}'"


def lex(path, text):
    """The tokens of a .defs file, and its whole-line comments by line number."""
    tokens, comments = [], {}
    line, pos, line_start = 1, 0, True
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise DefsError(path, line, f"unexpected character '{text[pos]}'")
        kind, value = m.lastgroup, m.group()
        pos = m.end()
        if kind == "badnumber":
            raise DefsError(path, line, f"malformed number '{value}'")
        if kind == "newline":
            line, line_start = line + 1, True
            continue
        if kind == "comment" and line_start:
            comments[line] = value[1:].strip()
        if kind not in ("space", "comment"):
            tokens.append(Token(kind, value, line))
            line_start = False
    tokens.append(Token("eof", "", line))
    return tokens, comments


class Type:
    """A parameter type: its kind (scalar, port, ool, string, bytes, struct) and what C
    and the message need to know of it."""

    def __init__(self, name, bound=0, struct=None):
        self.name, self.bound, self.struct = name, bound, struct
        self.ctype = SCALARS.get(name) or (struct and struct.ctype)  # scalars, structs
        self.width = 8 if name in ("int64", "uint64") else 4  # scalars: bytes
        self.send_disposition, self.arrival_disposition = PORTS.get(name, (None, None))
        self.ool_flags = OOLS.get(name)
        if name in SCALARS:
            self.kind = "scalar"
        elif name in PORTS:
            self.kind = "port"
        elif name in OOLS:
            self.kind = "ool"
        elif struct:
            self.kind = "struct"
        else:
            self.kind = name

    def spelled(self):
        return f"{self.name}[{self.bound}]" if self.kind in ARRAYS else self.name


class Param:
    """One parameter of a routine, with the C it takes in each place of the stubs."""

    def __init__(self, name, type, line):
        self.name, self.type, self.line = name, type, line
        self.kind = type.kind

    def extra(self):
        """The second C parameter of a size-carrying type, or None."""
        return {"ool": f"{self.name}_size", "bytes": f"{self.name}_len"}.get(self.kind)

    def identifiers(self):
        """Every identifier this parameter adds to a stub."""
        ids = [self.name]
        if self.extra():
            ids.append(self.extra())
        if self.kind in ARRAYS:
            ids += [f"{self.name}_len", f"{self.name}_data"]
        return set(ids)


def fixed_fields(params):
    """The fixed fields that carry params, laid out as the language says: the 64-bit
    scalars, then the structures, then the 32-bit scalars and the lengths of strings and
    bytes, and a pad to 8 bytes: (C type, name) pairs and their size in bytes."""
    wide, structs, narrow = [], [], []
    for p in params:
        if p.kind == "scalar":
            (wide if p.type.width == 8 else narrow).append((p.type.ctype, p.name))
        elif p.kind == "struct":
            structs.append((p.type.ctype, p.name))
        elif p.kind in ARRAYS:
            narrow.append(("uint32_t", f"{p.name}_len"))
    if len(narrow) % 2:
        narrow.append(("uint32_t", "pad"))
    size = 8 * len(wide) + sum(p.type.struct.size for p in params if p.kind == "struct")
    return wide + structs + narrow, size + 4 * len(narrow)


class Struct:
    """A structure of scalars declared by the interface, passed whole as one parameter:
    C's struct SUBSYSTEM_NAME, its fields laid out as a message's."""

    def __init__(self, sub, name, fields, line, doc):
        self.name, self.line, self.doc = name, line, doc
        self.ctype = f"struct {sub}_{name}"
        self.fields, self.size = fixed_fields(fields)
        self.has_pad = ("uint32_t", "pad") in self.fields


class Routine:
    def __init__(self, name, number, oneway, ins, outs, line, doc):
        self.name, self.number, self.oneway = name, number, oneway
        self.ins, self.outs, self.line, self.doc = ins, outs, line, doc


class Subsystem:
    def __init__(self, name, base, line, doc):
        self.name, self.base, self.line, self.doc = name, base, line, doc
        self.routines = []  # None where a skip holds an id
        self.structs = {}  # by name, in the order declared
        self.ids = 0


class Parser:
    """A recursive-descent parser of one .defs file."""

    def __init__(self, path, text):
        self.path = path
        self.tokens, self.comments = lex(path, text)
        self.pos = 0

    def error(self, line, message):
        raise DefsError(self.path, line, message)

    def peek(self):
        return self.tokens[self.pos]

    def take(self):
        tok = self.tokens[self.pos]
        if tok.kind != "eof":
            self.pos += 1
        return tok

    def accept(self, text):
        if self.peek().kind in ("punct", "word") and self.peek().text == text:
            return self.take()
        return None

    def expect(self, text, what=None):
        tok = self.take()
        if tok.kind not in ("punct", "word") or tok.text != text:
            self.error(tok.line, f"expected {what or repr(text)}, found {tok.show()}")
        return tok

    def token(self, kind, what):
        """The next token, which must be of kind."""
        tok = self.take()
        if tok.kind != kind:
            self.error(tok.line, f"expected {what}, found {tok.show()}")
        return tok

    def name(self, what):
        tok = self.token("word", what)
        if not NAME.match(tok.text):
            self.error(tok.line, f"{what} '{tok.text}' must be lower case: [a-z][a-z0-9_]*")
        return tok

    def number(self, what):
        return int(self.token("number", what).text, 0)

    def doc(self, line):
        """The whole-line comments right above line, as a list of lines."""
        lines = []
        while line - 1 in self.comments:
            line -= 1
            lines.insert(0, self.comments[line])
        return lines

    def parse(self):
        sub = None
        while self.peek().kind != "eof":
            tok = self.peek()
            if tok.text == "subsystem" and tok.kind == "word":
                if sub:
                    self.error(tok.line, "a second subsystem statement")
                sub = self.subsystem()
            elif tok.text in ("routine", "oneway", "skip", "struct") and tok.kind == "word":
                if not sub:
                    self.error(tok.line, f"'{tok.text}' before the subsystem statement")
                if tok.text == "struct":
                    self.struct(sub)
                else:
                    self.routine_or_skip(sub)
            else:
                self.error(tok.line, f"expected subsystem, struct, routine, oneway or skip, "
                                     f"found {tok.show()}")
        if not sub:
            self.error(self.peek().line, "no subsystem statement")
        return sub

    def subsystem(self):
        line = self.expect("subsystem").line
        name = self.name("subsystem name").text
        base = self.number("the subsystem's base message id")
        self.expect(";")
        return Subsystem(name, base, line, self.doc(line))

    def struct(self, sub):
        first = self.expect("struct")
        name = self.name("structure name")
        if name.text in sub.structs:
            self.error(name.line, f"structure {name.text} is already declared at line "
                                  f"{sub.structs[name.text].line}")
        fields = self.params(sub)
        self.expect(";")
        if not fields:
            self.error(name.line, f"structure {name.text} has no fields")
        for f in fields:
            if f.kind != "scalar":
                self.error(f.line, f"field {f.name} of structure {name.text}: a structure "
                                   f"holds scalars only")
        seen = set()
        for f in fields:
            if f.name in seen or f.name == "pad":
                self.error(f.line, f"field name '{f.name}' of structure {name.text} is "
                                   f"{'taken' if f.name == 'pad' else 'declared twice'}")
            seen.add(f.name)
        sub.structs[name.text] = Struct(sub.name, name.text, fields, first.line,
                                        self.doc(first.line))

    def routine_or_skip(self, sub):
        first = self.take()
        number = sub.ids
        sub.ids += 1
        if first.text == "skip":
            self.expect(";")
            sub.routines.append(None)
            return
        oneway = first.text == "oneway"
        if oneway:
            self.expect("routine")
        name = self.name("routine name")
        ins = self.params(sub)
        if oneway:
            if self.peek().text == "->":
                self.error(self.peek().line, "a oneway routine has no reply")
            outs = []
        else:
            self.expect("->", "'->' and the reply's parameters")
            outs = self.params(sub)
        self.expect(";")
        sub.routines.append(
            Routine(name.text, number, oneway, ins, outs, first.line, self.doc(first.line)))

    def params(self, sub):
        self.expect("(")
        params = []
        if self.accept(")"):
            return params
        while True:
            name = self.name("parameter name")
            if name.text in C_KEYWORDS:  # only parameters stand alone in the C
                self.error(name.line, f"parameter name '{name.text}' is a C keyword")
            self.expect(":")
            params.append(Param(name.text, self.type(sub), name.line))
            if self.accept(")"):
                return params
            self.expect(",", "',' or ')'")

    def type(self, sub):
        tok = self.token("word", "a type")
        if tok.text in ARRAYS:
            self.expect("[", f"'[' and the bound of {tok.text}")
            bound = self.number(f"the bound of {tok.text}")
            self.expect("]")
            if not 1 <= bound <= MSG_SIZE_MAX:
                self.error(tok.line, f"{tok.text}[{bound}]: the bound must be 1 to "
                                     f"{MSG_SIZE_MAX}")
            return Type(tok.text, bound)
        if tok.text in SCALARS or tok.text in PORTS or tok.text in OOLS:
            return Type(tok.text)
        if tok.text in sub.structs:
            return Type(tok.text, struct=sub.structs[tok.text])
        self.error(tok.line, f"unknown type '{tok.text}'")


# ---------------------------------------------------------------------------------------
# Checks beyond the grammar: names, sizes, and the registry of subsystem ids.

class Message:
    """The layout of a request or a reply: header, descriptors, fixed fields (a reply's
    result, then fixed_fields' order), then the variable-length data."""

    def __init__(self, sub, routine, kind, params):
        self.struct = f"{sub.name}_{routine.name}_{kind}_msg"
        self.is_reply = kind == "reply"
        self.descs = [p for p in params if p.kind in ("port", "ool")]
        self.arrays = [p for p in params if p.kind in ARRAYS]
        fields, size = fixed_fields(params)
        result = [("int64_t", "result")] if self.is_reply else []
        self.fields = result + fields
        self.fixed_size = HEADER_SIZE + DESC_SIZE * len(self.descs) + 8 * len(result) + size
        self.offsets, self.data_size = {}, 0
        for p in self.arrays:
            self.offsets[p.name] = self.data_size
            self.data_size += align8(p.type.bound)
        self.size = self.fixed_size + self.data_size


def check_names(sub, path):
    """Reject names that would collide in the generated C."""
    where = {}

    def claim(name, line, what):
        if name in where:
            raise DefsError(path, line, f"{what} makes '{name}', already made at line "
                                        f"{where[name]}")
        where[name] = line

    claim(f"{sub.name}_demux", sub.line, f"subsystem {sub.name}")
    for st in sub.structs.values():
        claim(f"{sub.name}_{st.name}", st.line, f"structure {st.name}")
    for r in filter(None, sub.routines):
        what = f"routine {r.name}"
        for made in (f"{sub.name}_{r.name}", f"{sub.name}_{r.name}_reply", f"serve_{r.name}",
                     f"{sub.name}_{r.name}_request_msg", f"{sub.name}_{r.name}_reply_msg"):
            claim(made, r.line, what)
        seen, names = {}, set()
        for p in r.ins + r.outs:
            if p.name in names:
                raise DefsError(path, p.line, f"parameter {p.name} of {what} is declared twice")
            names.add(p.name)
            if p.name in RESERVED:
                raise DefsError(path, p.line, f"parameter name '{p.name}' is used by the "
                                              f"generated code; choose another")
            for ident in sorted(p.identifiers()):
                if ident in seen:
                    raise DefsError(path, p.line, f"parameter '{p.name}' of {what} collides "
                                                  f"with '{seen[ident]}' (both use '{ident}')")
                seen[ident] = p.name


def check_sizes(sub, path):
    """Every message must fit the kernel's limits at its largest."""
    for r in filter(None, sub.routines):
        for msg in [r.request] + ([r.reply] if r.reply else []):
            what = f"the {'reply' if msg.is_reply else 'request'} of {r.name}"
            if msg.size > MSG_SIZE_MAX:
                raise DefsError(path, r.line, f"{what} can be {msg.size} bytes, more than "
                                              f"MSG_SIZE_MAX ({MSG_SIZE_MAX})")
            if len(msg.descs) > MSG_DESC_MAX:
                raise DefsError(path, r.line, f"{what} has more than MSG_DESC_MAX "
                                              f"({MSG_DESC_MAX}) ports and ool")


class Registry:
    """interfaces/subsystems: NAME BASE COUNT a line. A subsystem owns the request ids
    BASE .. BASE+COUNT-1 and their replies' ids, REPLY_ID_OFFSET higher."""

    def __init__(self, path):
        self.path, self.entries = path, {}
        try:
            with open(path) as f:
                lines = f.read().split("\n")
        except OSError as e:
            raise DefsError(path, None, f"cannot read the subsystem registry: {e.strerror}")
        for number, text in enumerate(lines, 1):
            text = text.split("#", 1)[0].split()
            if text:
                self.add(number, text)

    def add(self, line, fields):
        if len(fields) != 3 or not NAME.match(fields[0]):
            raise DefsError(self.path, line, "expected NAME BASE COUNT")
        try:
            base, count = int(fields[1], 0), int(fields[2], 0)
        except ValueError:
            raise DefsError(self.path, line, "BASE and COUNT must be numbers")
        name = fields[0]
        if not 1 <= count <= REPLY_ID_OFFSET:
            raise DefsError(self.path, line, f"COUNT must be 1 to {REPLY_ID_OFFSET}")
        if base < 1 or base + REPLY_ID_OFFSET + count > ID_LIMIT:
            raise DefsError(self.path, line, f"ids of {name} must lie in 1 .. "
                                             f"{ID_LIMIT - 1:#x}")
        if name in self.entries:
            raise DefsError(self.path, line, f"{name} is already registered at line "
                                             f"{self.entries[name][2]}")
        mine = self.ids(base, count)
        for other, (obase, ocount, oline) in self.entries.items():
            if mine & self.ids(obase, ocount):
                raise DefsError(self.path, line, f"ids of {name} ({self.span(base, count)}) "
                                                 f"overlap those of {other} at line {oline} "
                                                 f"({self.span(obase, ocount)})")
        self.entries[name] = (base, count, line)

    @staticmethod
    def ids(base, count):
        return set(range(base, base + count)) | set(
            range(base + REPLY_ID_OFFSET, base + REPLY_ID_OFFSET + count))

    @staticmethod
    def span(base, count):
        last, reply = base + count - 1, base + REPLY_ID_OFFSET
        return f"{base}..{last} and replies {reply}..{reply + count - 1}"

    def check(self, sub, path):
        if sub.name not in self.entries:
            raise DefsError(path, sub.line, f"subsystem {sub.name} is not in {self.path}")
        base, count, line = self.entries[sub.name]
        if sub.base != base:
            raise DefsError(path, sub.line, f"subsystem {sub.name} has base {sub.base} here "
                                            f"but {base} in {self.path}:{line}")
        if sub.ids > count:
            raise DefsError(path, sub.line, f"subsystem {sub.name} uses {sub.ids} ids, more "
                                            f"than the {count} reserved in {self.path}:{line}")


def load(path, registry_path):
    """Parse and check one .defs file; raises DefsError."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError as e:
        raise DefsError(path, None, f"cannot read: {e.strerror}")
    sub = Parser(path, text).parse()
    stem = os.path.splitext(os.path.basename(path))[0]
    if sub.name != stem:
        raise DefsError(path, sub.line, f"subsystem {sub.name} must be declared in "
                                        f"{sub.name}.defs")
    Registry(registry_path).check(sub, path)
    names = {}
    for r in filter(None, sub.routines):
        if r.name in names:
            raise DefsError(path, r.line, f"routine {r.name} is already declared at line "
                                          f"{names[r.name]}")
        names[r.name] = r.line
        r.request = Message(sub, r, "request", r.ins)
        r.reply = None if r.oneway else Message(sub, r, "reply", r.outs)
    check_names(sub, path)
    check_sizes(sub, path)
    return sub
