// SPDX-License-Identifier: GPL-2.0
/*
 * iprof: a QEMU TCG plugin that counts the instructions the guest executes
 * at each code address, and writes the counts so far to a file whenever the
 * guest enters a marker function. Two markers a measurement apart give the
 * exact instructions per code address of that window; the guest's
 * /proc/kallsyms turns addresses into functions (scripts/bench/iprof.py).
 *
 * Why: the benchmarks run the VM on QEMU's instruction clock, where perf's
 * sampling timer aliases with the packet loop and shows nothing useful.
 * Counting in the translator is exact and costs the guest no instructions.
 *
 * Arguments (-plugin iprof.so,mark=0x...,out=PREFIX):
 *   mark  guest virtual address of the marker (the entry of a function the
 *         guest calls on purpose, e.g. __x64_sys_sethostname: `hostname x`)
 *   out   snapshot N goes to PREFIX.N, one "address instructions blocks"
 *         line per code address (hex, decimal, decimal): the instructions
 *         executed from blocks starting there, and how often such a block
 *         ran (at a function's entry, how often the function was called)
 *
 * Counts are per translation block, credited to the block's first address
 * with the block's instruction count (a block that leaves early through an
 * exception is counted whole). Blocks are single-entry and end at every
 * call and jump, so a block never spans two functions. One TCG thread only
 * (icount): the counters are not atomic.
 *
 * The QEMU plugin API (version 1, QEMU 7.2) is declared here rather than
 * taken from qemu-plugin.h, which Debian does not ship.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_info_t;
struct qemu_plugin_tb;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
					       struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu, void *udata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *udata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *udata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
				    qemu_plugin_udata_cb_t cb, void *udata);
void qemu_plugin_outs(const char *string);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

/*
 * One counter per code address, in an open-addressing table that never
 * moves: translated blocks hold pointers to their counters. 2^21 slots is
 * far more code addresses than a boot and a benchmark touch.
 */
#define SLOTS_LOG2	21
#define SLOTS		(1u << SLOTS_LOG2)

struct counter {
	uint64_t addr;		/* 0: free slot */
	uint64_t insns;
	uint64_t runs;
};

static struct counter *table;
static uint64_t mark;
static char *out_prefix;
static unsigned int snapshots;

static struct counter *counter_for(uint64_t addr)
{
	uint64_t h = addr * 0x9e3779b97f4a7c15ull;
	uint32_t i = (uint32_t)(h >> (64 - SLOTS_LOG2)), n;

	for (n = 0; n < SLOTS; n++, i = (i + 1) & (SLOTS - 1)) {
		if (table[i].addr == addr)
			return &table[i];
		if (!table[i].addr) {
			table[i].addr = addr;
			return &table[i];
		}
	}
	return NULL;
}

static void snapshot(unsigned int vcpu, void *udata)
{
	char path[4096];
	uint32_t i;
	FILE *f;

	(void)vcpu;
	(void)udata;
	snprintf(path, sizeof(path), "%s.%u", out_prefix, ++snapshots);
	f = fopen(path, "w");
	if (!f) {
		qemu_plugin_outs("iprof: cannot write a snapshot\n");
		return;
	}
	for (i = 0; i < SLOTS; i++)
		if (table[i].insns)
			fprintf(f, "%" PRIx64 " %" PRIu64 " %" PRIu64 "\n",
				table[i].addr, table[i].insns, table[i].runs);
	fclose(f);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t addr = qemu_plugin_tb_vaddr(tb);
	struct counter *c = counter_for(addr);

	(void)id;
	if (!c) {
		qemu_plugin_outs("iprof: counter table full\n");
		return;
	}
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &c->insns,
						 qemu_plugin_tb_n_insns(tb));
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &c->runs, 1);
	if (addr == mark)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, snapshot,
						     QEMU_PLUGIN_CB_NO_REGS,
						     NULL);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
			int argc, char **argv)
{
	int i;

	(void)info;
	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "mark=", 5))
			mark = strtoull(argv[i] + 5, NULL, 16);
		else if (!strncmp(argv[i], "out=", 4))
			out_prefix = argv[i] + 4;
	}
	if (!mark || !out_prefix) {
		qemu_plugin_outs("iprof: needs mark=ADDRESS and out=PREFIX\n");
		return -1;
	}
	out_prefix = strdup(out_prefix);
	table = calloc(SLOTS, sizeof(*table));
	if (!table || !out_prefix)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	return 0;
}
