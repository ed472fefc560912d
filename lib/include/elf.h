/*
 * The ELF64 file format as loaders read it, from the System V gABI and its x86-64
 * supplement: the file header, the program headers and their constants.
 */
#ifndef LIB_ELF_H
#define LIB_ELF_H

#include <stdint.h>

typedef uint64_t Elf64_Addr;
typedef uint64_t Elf64_Off;
typedef uint16_t Elf64_Half;
typedef uint32_t Elf64_Word;
typedef uint64_t Elf64_Xword;

/* Indexes into e_ident[] */
#define EI_MAG0	      0
#define EI_MAG1	      1
#define EI_MAG2	      2
#define EI_MAG3	      3
#define EI_CLASS      4
#define EI_DATA	      5
#define EI_VERSION    6
#define EI_OSABI      7
#define EI_ABIVERSION 8
#define EI_PAD	      9
#define EI_NIDENT     16

#define ELFMAG	"\177ELF"
#define SELFMAG 4

/* e_ident[EI_CLASS] */
#define ELFCLASSNONE 0
#define ELFCLASS32   1
#define ELFCLASS64   2

/* e_ident[EI_DATA] */
#define ELFDATANONE 0
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2

/* e_ident[EI_VERSION] and e_version */
#define EV_NONE	   0
#define EV_CURRENT 1

/* e_ident[EI_OSABI] */
#define ELFOSABI_SYSV 0
#define ELFOSABI_GNU  3

/* e_type */
#define ET_NONE 0
#define ET_REL	1
#define ET_EXEC 2
#define ET_DYN	3
#define ET_CORE 4

/* e_machine */
#define EM_NONE	  0
#define EM_386	  3
#define EM_X86_64 62

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	Elf64_Half e_type;
	Elf64_Half e_machine;
	Elf64_Word e_version;
	Elf64_Addr e_entry;
	Elf64_Off e_phoff; /* file offset of the program header table */
	Elf64_Off e_shoff; /* file offset of the section header table */
	Elf64_Word e_flags;
	Elf64_Half e_ehsize;
	Elf64_Half e_phentsize;
	Elf64_Half e_phnum;
	Elf64_Half e_shentsize;
	Elf64_Half e_shnum;
	Elf64_Half e_shstrndx;
} Elf64_Ehdr;

/* e_phnum: the real count is in section header 0 (not for executables) */
#define PN_XNUM 0xffff

typedef struct {
	Elf64_Word p_type;
	Elf64_Word p_flags;
	Elf64_Off p_offset;
	Elf64_Addr p_vaddr;
	Elf64_Addr p_paddr;
	Elf64_Xword p_filesz; /* bytes in the file */
	Elf64_Xword p_memsz;  /* bytes in memory; past p_filesz they are zero */
	Elf64_Xword p_align;
} Elf64_Phdr;

/* p_type */
#define PT_NULL		0
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_NOTE		4
#define PT_SHLIB	5
#define PT_PHDR		6
#define PT_TLS		7
#define PT_GNU_EH_FRAME 0x6474e550
#define PT_GNU_STACK	0x6474e551
#define PT_GNU_RELRO	0x6474e552
#define PT_GNU_PROPERTY 0x6474e553

/* p_flags */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

#endif
