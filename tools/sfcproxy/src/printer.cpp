// SPDX-License-Identifier: GPL-2.0
#include "printer.hpp"

#include <cstdio>
#include <optional>
#include <ostream>
#include <utility>

#include <nlohmann/json.hpp>

namespace sfcproxy {

namespace {

// Group indentation as in `ip -s link`.
constexpr std::string_view kIndent = "    ";

std::string hex_text(uint64_t v, int digits)
{
	char buf[24];
	std::snprintf(buf, sizeof(buf), "0x%0*llx", digits, static_cast<unsigned long long>(v));
	return buf;
}

class TextPrinter : public Printer {
public:
	explicit TextPrinter(std::ostream &out) : out_(out) {}

	void begin_record() override { at_line_start_ = true; }
	void end_record() override { out_ << '\n'; }
	// The line starts with the group's first text field, so a group of
	// JSON-only fields leaves no empty line behind.
	void begin_group(std::string_view) override { group_pending_ = true; }
	void end_group() override { group_pending_ = false; }

	void str(std::string_view, std::string_view fmt, std::string_view value) override
	{
		emit(fmt, value);
	}
	void uint(std::string_view, std::string_view fmt, uint64_t value) override
	{
		emit(fmt, std::to_string(value));
	}
	void hex32(std::string_view, std::string_view fmt, uint32_t value) override
	{
		emit(fmt, hex_text(value, 8));
	}
	void uint_list(std::string_view key, std::string_view fmt,
		       std::span<const uint32_t> values, char sep) override
	{
		std::vector<std::string> words;
		for (uint32_t v : values)
			words.push_back(std::to_string(v));
		str_list(key, fmt, words, sep);
	}
	void str_list(std::string_view, std::string_view fmt,
		      std::span<const std::string> values, char sep) override
	{
		std::string joined;
		for (const auto &v : values) {
			if (!joined.empty())
				joined += sep;
			joined += v;
		}
		emit(fmt, joined.empty() ? "none" : joined);
	}
	void hex(std::string_view, std::string_view fmt, uint64_t value, int digits) override
	{
		emit(fmt, hex_text(value, digits));
	}
	void begin_list(std::string_view, std::string_view fmt) override
	{
		list_fmt_ = fmt;
		list_items_ = 0;
	}
	void begin_item() override
	{
		item_.emplace();
		list_items_++;
	}
	void end_item() override
	{
		std::string text = std::move(*item_);
		item_.reset();
		emit(list_fmt_, text);
	}
	void end_list() override
	{
		if (!list_items_)
			emit(list_fmt_, "none");
	}
	void finish() override { out_.flush(); }

private:
	void emit(std::string_view fmt, std::string_view value)
	{
		if (fmt.empty())
			return;
		if (item_) {
			*item_ += format_field(fmt, value);
			return;
		}
		if (group_pending_) {
			out_ << '\n' << kIndent;
			at_line_start_ = true;
			group_pending_ = false;
		}
		if (!at_line_start_)
			out_ << ' ';
		out_ << format_field(fmt, value);
		at_line_start_ = false;
	}

	std::ostream &out_;
	bool at_line_start_ = true;
	bool group_pending_ = false; // a group began and has printed nothing yet
	std::string list_fmt_;
	size_t list_items_ = 0;
	std::optional<std::string> item_; // the item being glued together
};

class JsonPrinter : public Printer {
public:
	// `lines`: every record goes out as one line of its own when it ends
	// (JSON Lines), instead of into one array at finish().
	JsonPrinter(std::ostream &out, bool pretty, bool lines)
		: out_(out), pretty_(pretty && !lines), lines_(lines),
		  doc_(nlohmann::ordered_json::array()) {}

	void begin_record() override { stack_.assign(1, nlohmann::ordered_json::object()); }
	void end_record() override
	{
		if (lines_)
			write(stack_.front());
		else
			doc_.push_back(std::move(stack_.front()));
		stack_.clear();
	}
	void begin_group(std::string_view key) override
	{
		keys_.emplace_back(key);
		if (!key.empty())
			stack_.push_back(nlohmann::ordered_json::object());
	}
	void end_group() override
	{
		std::string key = std::move(keys_.back());
		keys_.pop_back();
		if (key.empty())
			return;
		auto group = std::move(stack_.back());
		stack_.pop_back();
		stack_.back()[key] = std::move(group);
	}

	void str(std::string_view key, std::string_view, std::string_view value) override
	{
		if (!key.empty())
			cur()[std::string(key)] = std::string(value);
	}
	void uint(std::string_view key, std::string_view, uint64_t value) override
	{
		cur()[std::string(key)] = value;
	}
	void hex32(std::string_view key, std::string_view, uint32_t value) override
	{
		cur()[std::string(key)] = value;
	}
	void uint_list(std::string_view key, std::string_view,
		       std::span<const uint32_t> values, char) override
	{
		cur()[std::string(key)] = std::vector<uint32_t>(values.begin(), values.end());
	}
	void str_list(std::string_view key, std::string_view,
		      std::span<const std::string> values, char) override
	{
		cur()[std::string(key)] = std::vector<std::string>(values.begin(), values.end());
	}
	void hex(std::string_view key, std::string_view, uint64_t value, int) override
	{
		cur()[std::string(key)] = value;
	}
	// The list and each item sit on the same stack as groups, so the
	// fields of an item land in the item's object.
	void begin_list(std::string_view key, std::string_view) override
	{
		keys_.emplace_back(key);
		stack_.push_back(nlohmann::ordered_json::array());
	}
	void begin_item() override { stack_.push_back(nlohmann::ordered_json::object()); }
	void end_item() override
	{
		auto item = std::move(stack_.back());
		stack_.pop_back();
		stack_.back().push_back(std::move(item));
	}
	void end_list() override
	{
		auto list = std::move(stack_.back());
		stack_.pop_back();
		stack_.back()[keys_.back()] = std::move(list);
		keys_.pop_back();
	}
	void begin_summary(std::string_view records_key, std::string_view key) override
	{
		summary_keys_ = {std::string(records_key), std::string(key)};
		stack_.assign(1, nlohmann::ordered_json::object());
	}
	void end_summary() override
	{
		auto records = std::move(doc_);
		doc_ = nlohmann::ordered_json::object();
		doc_[summary_keys_.first] = std::move(records);
		doc_[summary_keys_.second] = std::move(stack_.front());
		stack_.clear();
	}
	void finish() override
	{
		if (!lines_)
			write(doc_);
		out_.flush();
	}

private:
	nlohmann::ordered_json &cur() { return stack_.back(); }

	void write(const nlohmann::ordered_json &j)
	{
		// Interface names are arbitrary bytes; replacing invalid UTF-8
		// beats aborting the whole listing.
		out_ << j.dump(pretty_ ? 4 : -1, ' ', false,
			       nlohmann::ordered_json::error_handler_t::replace)
		     << '\n';
	}

	std::ostream &out_;
	bool pretty_;
	bool lines_;
	nlohmann::ordered_json doc_;
	std::vector<nlohmann::ordered_json> stack_;
	std::vector<std::string> keys_;
	std::pair<std::string, std::string> summary_keys_;
};

} // namespace

std::string format_field(std::string_view fmt, std::string_view value)
{
	std::string out(fmt);
	auto pos = out.find("{}");
	if (pos != std::string::npos)
		out.replace(pos, 2, value);
	return out;
}

std::string to_hex(std::span<const uint8_t> bytes)
{
	static const char digits[] = "0123456789abcdef";
	std::string out;
	out.reserve(bytes.size() * 2);
	for (uint8_t b : bytes) {
		out += digits[b >> 4];
		out += digits[b & 0xf];
	}
	return out;
}

std::unique_ptr<Printer> make_text_printer(std::ostream &out)
{
	return std::make_unique<TextPrinter>(out);
}

std::unique_ptr<Printer> make_json_printer(std::ostream &out, bool pretty)
{
	return std::make_unique<JsonPrinter>(out, pretty, false);
}

std::unique_ptr<Printer> make_json_lines_printer(std::ostream &out)
{
	return std::make_unique<JsonPrinter>(out, false, true);
}

} // namespace sfcproxy
