// SPDX-License-Identifier: GPL-2.0
#pragma once

// Output goes through one interface so that text and JSON are produced by
// the same call sequence: an object printer cannot add a field to one form
// and forget the other.
//
// Every field has a JSON key and a text format in which "{}" stands for the
// value; an empty text format marks a JSON-only field (like iproute2's
// PRINT_JSON), and an empty key a text-only string (a heading such as
// "nsh:" whose JSON form is the group that follows).

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sfcproxy {

class Printer {
public:
	virtual ~Printer() = default;

	// One call per record (a device, a cache entry).
	virtual void begin_record() = 0;
	virtual void end_record() = 0;
	// A group of fields: in JSON a nested object under `key` (or, with an
	// empty key, fields merged into the record); in text a new indented
	// line, begun by the group's first text field (a group of JSON-only
	// fields prints no text at all).
	virtual void begin_group(std::string_view key) = 0;
	virtual void end_group() = 0;

	virtual void str(std::string_view key, std::string_view fmt, std::string_view value) = 0;
	virtual void uint(std::string_view key, std::string_view fmt, uint64_t value) = 0;
	// Text shows 0x%08x; JSON keeps a number so scripts can do arithmetic.
	virtual void hex32(std::string_view key, std::string_view fmt, uint32_t value) = 0;
	// Text joins with `sep` ("none" when empty); JSON is an array.
	virtual void uint_list(std::string_view key, std::string_view fmt,
			       std::span<const uint32_t> values, char sep = ',') = 0;
	// The same for strings (addresses): text joins, JSON is an array.
	virtual void str_list(std::string_view key, std::string_view fmt,
			      std::span<const std::string> values, char sep = ',') = 0;
	// Text shows 0x and at least `digits` hex digits; JSON keeps a number.
	virtual void hex(std::string_view key, std::string_view fmt, uint64_t value,
			 int digits) = 0;

	// A field whose value is a list of small records (NSH MD type 2
	// context headers). JSON: an array of objects under `key`, one per
	// begin_item()/end_item(), holding the fields called in between.
	// Text: each item is one `fmt` with "{}" replaced by the item's
	// fields glued together (their formats carry the punctuation);
	// "none" when the list is empty.
	virtual void begin_list(std::string_view key, std::string_view fmt) = 0;
	virtual void begin_item() = 0;
	virtual void end_item() = 0;
	virtual void end_list() = 0;

	// A last record about the whole listing rather than one entry (the
	// namespace's counters after its forwarding entries). Text (and by
	// default): one more record. JSON: the document becomes an object
	// with the records so far under `records_key` and this record's
	// fields under `key`.
	virtual void begin_summary(std::string_view, std::string_view) { begin_record(); }
	virtual void end_summary() { end_record(); }

	// Writes whatever is buffered (JSON is emitted as one document).
	virtual void finish() = 0;
};

std::unique_ptr<Printer> make_text_printer(std::ostream &out);
std::unique_ptr<Printer> make_json_printer(std::ostream &out, bool pretty);
// JSON Lines (`monitor`): each record is written as one compact object on
// a line of its own when it ends; finish() only flushes.
std::unique_ptr<Printer> make_json_lines_printer(std::ostream &out);

// "{}" substitution shared by the text printer and tests.
std::string format_field(std::string_view fmt, std::string_view value);

std::string to_hex(std::span<const uint8_t> bytes);

} // namespace sfcproxy
