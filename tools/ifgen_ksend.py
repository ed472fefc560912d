"""The kernel's side of a protocol the kernel speaks (ifgen.py --kernel-sender): for
interfaces/NAME.defs, NAME_ksend.h holds the message ids and layouts (the same as in the
user side's NAME.h) and one builder per routine, and NAME_ksend.c the builders. A builder
makes a kernel message (kmsg_kernel) with the routine's values in place and returns it
for the caller to post (kmsg_post), so the kernel keeps its one path for kernel messages
and lays out none by hand. The user side receives them with the ordinary NAME_demux.
"""

from ifgen import Generator, comment, wrap
from ifgen_defs import ARRAYS, REPLY_ID_OFFSET, DefsError

# How the kernel puts a port parameter into its message: the C that turns the caller's
# struct port * into the right that travels, and the right's transit type. "Make" types
# make a new right from the port; "move" types give away a right the kernel holds.
KERNEL_PORTS = {
    "send": ("port_make_send({n})", "TRANSIT_SEND"),
    "make_send": ("port_make_send({n})", "TRANSIT_SEND"),
    "send_once": ("port_make_send_once({n})", "TRANSIT_SEND_ONCE"),
    "move_send": ("{n}", "TRANSIT_SEND"),
    "move_send_once": ("{n}", "TRANSIT_SEND_ONCE"),
    "move_receive": ("{n}", "TRANSIT_RECEIVE"),
}
# Names the builders use themselves, beyond the user side's reserved names.
KERNEL_RESERVED = {"dest", "dest_type", "k"}


def check_kernel_sender(sub, path):
    """What the kernel can send: requests of scalars, ports and out-of-line memory (no
    strings, bytes or structures, which the kernel has no use for), and
    replies of scalars alone (read by the kernel straight from the layout)."""
    for r in filter(None, sub.routines):
        for p in r.ins:
            if p.kind in ARRAYS or p.kind == "struct":
                raise DefsError(path, p.line, f"parameter {p.name} of routine {r.name}: the "
                                              f"kernel sends no {p.kind} parameters")
            if p.name in KERNEL_RESERVED:
                raise DefsError(path, p.line, f"parameter name '{p.name}' is used by the "
                                              f"kernel's builders; choose another")
        for p in r.outs:
            if p.kind != "scalar":
                raise DefsError(path, p.line, f"parameter {p.name} of routine {r.name}: a "
                                              f"reply to the kernel carries scalars only")


class KernelSender(Generator):
    """Writes NAME_ksend.h and NAME_ksend.c."""

    def builder_proto(self, r):
        decls = ["struct port *dest", "unsigned dest_type"]
        if r.reply:
            decls.append("struct port *reply")
        for p in r.ins:
            if p.kind == "scalar":
                decls.append(f"{p.type.ctype} {p.name}")
            elif p.kind == "port":
                decls.append(f"struct port *{p.name}")
            else:
                decls += [f"struct vm_object *{p.name}", f"uint32_t {p.name}_size"]
        return f"struct kmsg *{self.prefix}_{r.name}_kmsg(", decls, ")"

    def header(self):
        sub, guard = self.sub, f"{self.upper}_KSEND_H"
        out = self.banner(f"The kernel's side of {sub.name}: the messages it sends and the "
                          "builders that make them.")
        out += [f"#ifndef {guard}", f"#define {guard}", "", "#include <stdint.h>",
                "#include <masque/msg.h>", "", "struct kmsg;", "struct port;",
                "struct vm_object;", ""]
        out += comment([f"Request ids are {sub.base} + the routine's number; a reply's id is "
                        f"{REPLY_ID_OFFSET} more."])
        for r in self.routines:
            out += [""] + comment(r.doc + self.signature(r))
            out += [f"#define {self.id_macro(r)} {sub.base + r.number}"]
            if r.reply:
                out += [f"#define {self.id_macro(r, True)} "
                        f"{sub.base + r.number + REPLY_ID_OFFSET}"]
            for msg in [r.request] + ([r.reply] if r.reply else []):
                out += [""] + self.struct(msg)
        out += [""] + comment([
            "Builders: each returns a kernel message to dest (a right the kernel holds, of",
            "transit type dest_type, consumed) with the values in place, for the caller to "
            "post;",
            "NULL if out of memory, dest dropped. Port values are the kernel's ports: a send "
            "or",
            "send-once value makes a new right, a move value gives away a right the kernel "
            "holds.",
            "Moved rights and memory objects become the message's only when it is built.",
            "A routine with a reply also makes a send-once right to reply for the answer."])
        for r in self.routines:
            out += self.declare(self.builder_proto(r))
        return "\n".join(out + ["", "#endif"]) + "\n"

    def source(self):
        out = self.banner(f"The kernel's builders of {self.sub.name} messages.")
        out += ["#include <stddef.h>", '#include "ipc/kmsg.h"', '#include "ipc/port.h"',
                '#include "ipc/right.h"', f'#include "{self.sub.name}_ksend.h"']
        for r in self.routines:
            out += [""] + self.builder(r)
        return "\n".join(out) + "\n"

    def builder(self, r):
        req = r.request
        out = comment([f"{self.sub.name}.{r.name} (id {self.sub.base + r.number})."])
        out += self.define(self.builder_proto(r))
        make = ["dest", "dest_type", self.id_macro(r), f"sizeof(struct {req.struct})",
                str(len(req.descs))]
        if not r.ins and not r.reply:
            return out + wrap("\treturn kmsg_kernel(", make, ");") + ["}"]
        out += wrap("\tstruct kmsg *k = kmsg_kernel(", make, ");")
        if r.ins:
            out += [f"\tstruct {req.struct} *m;"]
        out += ["", "\tif (!k)", "\t\treturn NULL;"]
        if r.ins:
            out += [f"\tm = (struct {req.struct} *)&k->msg;"]
        for p in r.ins:
            n = p.name
            if p.kind == "scalar":
                out += [f"\tm->{n} = {n};"]
            elif p.kind == "port":
                right, transit = KERNEL_PORTS[p.type.name]
                out += wrap("\tkmsg_put_port(", ["k", f"&m->{n}", right.format(n=n), transit],
                            ");")
            else:
                out += [f"\tkmsg_put_ool(k, &m->{n}, {n}, {n}_size);"]
        if r.reply:
            out += ["\tk->reply = port_make_send_once(reply);",
                    "\tk->reply_type = TRANSIT_SEND_ONCE;"]
        return out + ["\treturn k;", "}"]

