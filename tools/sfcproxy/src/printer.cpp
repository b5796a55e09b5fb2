// SPDX-License-Identifier: GPL-2.0
#include "printer.hpp"

#include <cstdio>
#include <ostream>

#include <nlohmann/json.hpp>

namespace sfcproxy {

namespace {

// Group indentation as in `ip -s link`.
constexpr std::string_view kIndent = "    ";

std::string hex32_text(uint32_t v)
{
	char buf[16];
	std::snprintf(buf, sizeof(buf), "0x%08x", v);
	return buf;
}

class TextPrinter : public Printer {
public:
	explicit TextPrinter(std::ostream &out) : out_(out) {}

	void begin_record() override { at_line_start_ = true; }
	void end_record() override { out_ << '\n'; }
	void begin_group(std::string_view) override
	{
		out_ << '\n' << kIndent;
		at_line_start_ = true;
	}
	void end_group() override {}

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
		emit(fmt, hex32_text(value));
	}
	void uint_list(std::string_view, std::string_view fmt,
		       std::span<const uint32_t> values) override
	{
		std::string joined;
		for (uint32_t v : values) {
			if (!joined.empty())
				joined += ',';
			joined += std::to_string(v);
		}
		emit(fmt, joined.empty() ? "none" : joined);
	}
	void finish() override { out_.flush(); }

private:
	void emit(std::string_view fmt, std::string_view value)
	{
		if (fmt.empty())
			return;
		if (!at_line_start_)
			out_ << ' ';
		out_ << format_field(fmt, value);
		at_line_start_ = false;
	}

	std::ostream &out_;
	bool at_line_start_ = true;
};

class JsonPrinter : public Printer {
public:
	JsonPrinter(std::ostream &out, bool pretty)
		: out_(out), pretty_(pretty), doc_(nlohmann::ordered_json::array()) {}

	void begin_record() override { stack_.assign(1, nlohmann::ordered_json::object()); }
	void end_record() override
	{
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
		       std::span<const uint32_t> values) override
	{
		cur()[std::string(key)] = std::vector<uint32_t>(values.begin(), values.end());
	}
	void finish() override
	{
		// Interface names are arbitrary bytes; replacing invalid UTF-8
		// beats aborting the whole listing.
		out_ << doc_.dump(pretty_ ? 4 : -1, ' ', false,
				  nlohmann::ordered_json::error_handler_t::replace)
		     << '\n';
		out_.flush();
	}

private:
	nlohmann::ordered_json &cur() { return stack_.back(); }

	std::ostream &out_;
	bool pretty_;
	nlohmann::ordered_json doc_;
	std::vector<nlohmann::ordered_json> stack_;
	std::vector<std::string> keys_;
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
	return std::make_unique<JsonPrinter>(out, pretty);
}

} // namespace sfcproxy
