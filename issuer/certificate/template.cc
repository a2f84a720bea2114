#include "issuer/certificate/template.h"

#include <charconv>
#include <cmath>
#include <set>

#include "core/time/display_date.h"

namespace pramaan::certificate {
namespace {

// Reads template members strictly: every accessor checks the type before reading, so a
// mistyped template is an error with the member's name, never an nlohmann exception.
class Reader {
 public:
  Reader(const Json& object, std::string where) : object_(object), where_(std::move(where)) {}

  Error Bad(std::string_view member, std::string_view problem) const {
    return InvalidInput(where_ + "." + std::string(member) + " " + std::string(problem));
  }
  const Json* Find(std::string_view member) const {
    if (!object_.is_object()) return nullptr;
    const auto it = object_.find(std::string(member));
    return it == object_.end() ? nullptr : &*it;
  }
  Result<std::string> String(std::string_view member) const {
    const Json* value = Find(member);
    if (value == nullptr || !value->is_string()) return Bad(member, "must be a string");
    return value->get<std::string>();
  }
  Result<std::string> String(std::string_view member, std::string_view fallback) const {
    if (Find(member) == nullptr) return std::string(fallback);
    return String(member);
  }
  Result<double> Number(std::string_view member) const {
    const Json* value = Find(member);
    if (value == nullptr || !value->is_number()) return Bad(member, "must be a number");
    const double number = value->get<double>();
    if (!std::isfinite(number)) return Bad(member, "must be finite");
    return number;
  }
  Result<double> Number(std::string_view member, double fallback) const {
    if (Find(member) == nullptr) return fallback;
    return Number(member);
  }
  Result<Box> BoxMember(std::string_view member) const {
    const Json* value = Find(member);
    if (value == nullptr || !value->is_array() || value->size() != 4) {
      return Bad(member, "must be [x, y, width, height]");
    }
    double v[4];
    for (size_t i = 0; i < 4; ++i) {
      if (!(*value)[i].is_number()) return Bad(member, "must be [x, y, width, height]");
      v[i] = (*value)[i].get<double>();
      if (!std::isfinite(v[i]) || v[i] < 0) return Bad(member, "must hold numbers >= 0");
    }
    if (v[2] <= 0 || v[3] <= 0) return Bad(member, "must have a positive width and height");
    return Box{v[0], v[1], v[2], v[3]};
  }
  Result<Color> ColorMember(std::string_view member, std::string_view fallback) const {
    PRAMAAN_ASSIGN_OR_RETURN(const std::string text, String(member, fallback));
    Color color;
    if (!ParseColor(text, &color)) return Bad(member, "must be a colour \"#rrggbb\"");
    return color;
  }
  const std::string& where() const { return where_; }

 private:
  static bool ParseColor(std::string_view text, Color* color) {
    if (text.size() != 7 || text[0] != '#') return false;
    int channels[3];
    for (int i = 0; i < 3; ++i) {
      const char* begin = text.data() + 1 + 2 * i;
      const auto [end, ec] = std::from_chars(begin, begin + 2, channels[i], 16);
      if (ec != std::errc() || end != begin + 2) return false;
    }
    *color = Color{channels[0] / 255.0, channels[1] / 255.0, channels[2] / 255.0};
    return true;
  }

  const Json& object_;
  std::string where_;
};

Result<TextElement> ParseText(const Reader& r) {
  TextElement e;
  PRAMAAN_ASSIGN_OR_RETURN(e.text, r.String("text"));
  if (r.Find("font") != nullptr) {
    PRAMAAN_ASSIGN_OR_RETURN(e.font_file, r.String("font"));
    if (e.font_file.empty() || e.font_file[0] != '/') {
      return r.Bad("font", "must be the absolute path of a font file");
    }
    if (r.Find("script_font") != nullptr) return r.Bad("font", "and script_font exclude each other");
  } else {
    PRAMAAN_ASSIGN_OR_RETURN(const std::string weight, r.String("script_font"));
    if (weight != "regular" && weight != "bold") {
      return r.Bad("script_font", "must be \"regular\" or \"bold\"");
    }
    e.localized = true;
    e.script_weight = weight == "bold" ? ScriptWeight::kBold : ScriptWeight::kRegular;
  }
  PRAMAAN_ASSIGN_OR_RETURN(e.font_features, r.String("font_features", ""));
  PRAMAAN_ASSIGN_OR_RETURN(e.size, r.Number("size"));
  PRAMAAN_ASSIGN_OR_RETURN(e.min_size, r.Number("min_size", e.size));
  if (e.size < 1 || e.size > 200) return r.Bad("size", "must be between 1 and 200 points");
  if (e.min_size < 1 || e.min_size > e.size) return r.Bad("min_size", "must be between 1 and size");
  PRAMAAN_ASSIGN_OR_RETURN(const double lines, r.Number("max_lines", 1));
  if (lines < 1 || lines > 20 || lines != std::floor(lines)) {
    return r.Bad("max_lines", "must be a whole number from 1 to 20");
  }
  e.max_lines = static_cast<int>(lines);
  PRAMAAN_ASSIGN_OR_RETURN(const std::string overflow, r.String("overflow", "error"));
  if (overflow == "error") {
    e.overflow = Overflow::kError;
  } else if (overflow == "ellipsis") {
    e.overflow = Overflow::kEllipsis;
  } else {
    return r.Bad("overflow", "must be \"error\" or \"ellipsis\"");
  }
  PRAMAAN_ASSIGN_OR_RETURN(e.color, r.ColorMember("color", "#000000"));
  PRAMAAN_ASSIGN_OR_RETURN(e.box, r.BoxMember("box"));
  PRAMAAN_ASSIGN_OR_RETURN(const std::string align, r.String("align", "center"));
  if (align == "left") {
    e.align = Align::kLeft;
  } else if (align == "center") {
    e.align = Align::kCenter;
  } else if (align == "right") {
    e.align = Align::kRight;
  } else {
    return r.Bad("align", "must be \"left\", \"center\" or \"right\"");
  }
  PRAMAAN_ASSIGN_OR_RETURN(const std::string valign, r.String("valign", "middle"));
  if (valign == "top") {
    e.vertical_align = VerticalAlign::kTop;
  } else if (valign == "middle") {
    e.vertical_align = VerticalAlign::kMiddle;
  } else if (valign == "bottom") {
    e.vertical_align = VerticalAlign::kBottom;
  } else {
    return r.Bad("valign", "must be \"top\", \"middle\" or \"bottom\"");
  }
  return e;
}

Result<RectElement> ParseRect(const Reader& r) {
  RectElement e;
  PRAMAAN_ASSIGN_OR_RETURN(e.box, r.BoxMember("box"));
  e.has_stroke = r.Find("stroke") != nullptr;
  e.has_fill = r.Find("fill") != nullptr;
  if (!e.has_stroke && !e.has_fill) return r.Bad("stroke", "or fill is required");
  if (e.has_stroke) {
    PRAMAAN_ASSIGN_OR_RETURN(e.stroke, r.ColorMember("stroke", ""));
  }
  if (e.has_fill) {
    PRAMAAN_ASSIGN_OR_RETURN(e.fill, r.ColorMember("fill", ""));
  }
  PRAMAAN_ASSIGN_OR_RETURN(e.line_width, r.Number("line_width", 1));
  if (e.line_width <= 0) return r.Bad("line_width", "must be positive");
  return e;
}

Result<LineElement> ParseLine(const Reader& r) {
  LineElement e;
  const auto point = [&](std::string_view member, double* x, double* y) -> Status {
    const Json* value = r.Find(member);
    if (value == nullptr || !value->is_array() || value->size() != 2 || !(*value)[0].is_number() ||
        !(*value)[1].is_number()) {
      return r.Bad(member, "must be [x, y]");
    }
    *x = (*value)[0].get<double>();
    *y = (*value)[1].get<double>();
    if (!std::isfinite(*x) || !std::isfinite(*y)) return r.Bad(member, "must be finite");
    return Status::Ok();
  };
  PRAMAAN_RETURN_IF_ERROR(point("from", &e.x1, &e.y1));
  PRAMAAN_RETURN_IF_ERROR(point("to", &e.x2, &e.y2));
  PRAMAAN_ASSIGN_OR_RETURN(e.stroke, r.ColorMember("stroke", "#000000"));
  PRAMAAN_ASSIGN_OR_RETURN(e.line_width, r.Number("line_width", 1));
  if (e.line_width <= 0) return r.Bad("line_width", "must be positive");
  return e;
}

Result<QrElement> ParseQr(const Reader& r) {
  QrElement e;
  PRAMAAN_ASSIGN_OR_RETURN(e.text, r.String("text", "{verification_url}"));
  PRAMAAN_ASSIGN_OR_RETURN(e.box, r.BoxMember("box"));
  if (e.box.width != e.box.height) return r.Bad("box", "of a QR code must be square");
  PRAMAAN_ASSIGN_OR_RETURN(e.color, r.ColorMember("color", "#000000"));
  return e;
}

Status CheckPlaceholders(const Template& tmpl, std::string_view text, const std::string& where) {
  for (const std::string& name : Placeholders(text)) {
    if (name != kVerificationUrlField && tmpl.fields.count(name) == 0) {
      return InvalidInput(where + ".text uses {" + name + "}, which is not a declared field");
    }
  }
  return Status::Ok();
}

// One step of a field path, e.g. `alignment[targetType=ext:NSQFLevel]`.
struct Segment {
  std::string member;
  enum class Select { kNone, kIndex, kMatch, kAny } select = Select::kNone;
  size_t index = 0;
  std::string key, value;
};

Result<std::vector<Segment>> ParsePath(std::string_view path, std::string_view language) {
  std::vector<Segment> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('.', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    Segment s;
    const size_t bracket = part.find('[');
    std::string_view member = part.substr(0, bracket);
    s.member = member == "{lang}" ? std::string(language) : std::string(member);
    if (s.member.empty()) return InvalidInput("path \"" + std::string(path) + "\" has an empty step");
    if (bracket != std::string_view::npos) {
      if (part.back() != ']') return InvalidInput("path \"" + std::string(path) + "\": missing ]");
      const std::string_view inside = part.substr(bracket + 1, part.size() - bracket - 2);
      const size_t equals = inside.find('=');
      if (inside == "*") {
        s.select = Segment::Select::kAny;
      } else if (equals != std::string_view::npos) {
        s.select = Segment::Select::kMatch;
        s.key = std::string(inside.substr(0, equals));
        s.value = std::string(inside.substr(equals + 1));
      } else {
        const auto [ptr, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), s.index);
        if (ec != std::errc() || ptr != inside.data() + inside.size()) {
          return InvalidInput("path \"" + std::string(path) + "\": bad selector [" +
                              std::string(inside) + "]");
        }
        s.select = Segment::Select::kIndex;
      }
    }
    segments.push_back(std::move(s));
    start = end + 1;
  }
  return segments;
}

const Json* Walk(const Json& node, const std::vector<Segment>& segments, size_t i) {
  if (i == segments.size()) return &node;
  const Segment& s = segments[i];
  if (!node.is_object()) return nullptr;
  const auto it = node.find(s.member);
  if (it == node.end()) return nullptr;
  const Json& child = *it;
  switch (s.select) {
    case Segment::Select::kNone:
      return Walk(child, segments, i + 1);
    case Segment::Select::kIndex:
      if (!child.is_array() || s.index >= child.size()) return nullptr;
      return Walk(child[s.index], segments, i + 1);
    case Segment::Select::kMatch:
      if (!child.is_array()) return nullptr;
      for (const Json& element : child) {
        if (!element.is_object()) continue;
        const auto member = element.find(s.key);
        if (member != element.end() && member->is_string() &&
            member->get_ref<const std::string&>() == s.value) {
          return Walk(element, segments, i + 1);
        }
      }
      return nullptr;
    case Segment::Select::kAny:
      if (!child.is_array()) return nullptr;
      for (const Json& element : child) {
        if (const Json* found = Walk(element, segments, i + 1)) return found;
      }
      return nullptr;
  }
  return nullptr;
}

// A value a field can print: present, not null, not an empty string.
bool HasText(const Json* value) {
  return value != nullptr && !value->is_null() &&
         !(value->is_string() && value->get_ref<const std::string&>().empty());
}

std::string FormatNumber(double number) {
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), number);
  if (ec != std::errc()) return "";
  return std::string(buffer, end);
}

bool IsNumeric(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

std::string ReplaceLang(std::string_view path, std::string_view language) {
  std::string out(path);
  const size_t at = out.find("{lang}");
  if (at != std::string::npos) out.replace(at, 6, language);
  return out;
}

}  // namespace

std::vector<std::string> Placeholders(std::string_view text) {
  std::vector<std::string> names;
  size_t pos = 0;
  while ((pos = text.find('{', pos)) != std::string_view::npos) {
    const size_t close = text.find('}', pos);
    if (close == std::string_view::npos) break;
    names.emplace_back(text.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return names;
}

bool Substitute(std::string_view text, const std::map<std::string, std::string>& fields,
                std::string* out) {
  out->clear();
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t open = text.find('{', pos);
    const size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      out->append(text.substr(pos));
      break;
    }
    out->append(text.substr(pos, open - pos));
    const auto it = fields.find(std::string(text.substr(open + 1, close - open - 1)));
    if (it == fields.end()) return false;
    out->append(it->second);
    pos = close + 1;
  }
  return true;
}

Result<Template> ParseTemplate(const Json& document, std::string_view source) {
  if (!document.is_object()) return InvalidInput(std::string(source) + " must be a JSON object");
  const Reader top(document, std::string(source));
  Template tmpl;
  PRAMAAN_ASSIGN_OR_RETURN(tmpl.name, top.String("name"));
  const Json* page = top.Find("page");
  if (page == nullptr || !page->is_object()) return top.Bad("page", "must be an object");
  const Reader page_reader(*page, std::string(source) + ".page");
  PRAMAAN_ASSIGN_OR_RETURN(tmpl.page_width, page_reader.Number("width"));
  PRAMAAN_ASSIGN_OR_RETURN(tmpl.page_height, page_reader.Number("height"));
  if (tmpl.page_width < 72 || tmpl.page_height < 72 || tmpl.page_width > 14400 ||
      tmpl.page_height > 14400) {
    return page_reader.Bad("width", "and height must be between 72 and 14400 points");
  }
  PRAMAAN_ASSIGN_OR_RETURN(tmpl.background, page_reader.ColorMember("background", "#ffffff"));

  const Json* language = top.Find("language");
  if (language == nullptr || !language->is_object()) return top.Bad("language", "must be an object");
  PRAMAAN_ASSIGN_OR_RETURN(tmpl.language_path,
                           Reader(*language, std::string(source) + ".language").String("path"));
  PRAMAAN_RETURN_IF_ERROR(ParsePath(tmpl.language_path, "xx"));

  const Json* fields = top.Find("fields");
  if (fields == nullptr || !fields->is_object()) return top.Bad("fields", "must be an object");
  for (const auto& [name, spec_json] : fields->items()) {
    if (name == kVerificationUrlField) return top.Bad("fields." + name, "is built in");
    const Reader r(spec_json, std::string(source) + ".fields." + name);
    if (!spec_json.is_object()) return top.Bad("fields." + name, "must be an object");
    FieldSpec spec;
    PRAMAAN_ASSIGN_OR_RETURN(spec.path, r.String("path"));
    PRAMAAN_RETURN_IF_ERROR(ParsePath(spec.path, "xx"));
    PRAMAAN_ASSIGN_OR_RETURN(spec.fallback_path, r.String("fallback_path", ""));
    if (!spec.fallback_path.empty()) PRAMAAN_RETURN_IF_ERROR(ParsePath(spec.fallback_path, "xx"));
    if (const Json* required = r.Find("required")) {
      if (!required->is_boolean()) return r.Bad("required", "must be true or false");
      spec.required = required->get<bool>();
    }
    PRAMAAN_ASSIGN_OR_RETURN(const std::string format, r.String("format", "text"));
    if (format == "text") {
      spec.format = FieldFormat::kText;
    } else if (format == "number") {
      spec.format = FieldFormat::kNumber;
    } else if (format == "date") {
      spec.format = FieldFormat::kDate;
    } else {
      return r.Bad("format", "must be \"text\", \"number\" or \"date\"");
    }
    tmpl.fields.emplace(name, std::move(spec));
  }

  const Json* elements = top.Find("elements");
  if (elements == nullptr || !elements->is_array()) return top.Bad("elements", "must be an array");
  for (size_t i = 0; i < elements->size(); ++i) {
    const std::string where = std::string(source) + ".elements[" + std::to_string(i) + "]";
    const Reader r((*elements)[i], where);
    PRAMAAN_ASSIGN_OR_RETURN(const std::string type, r.String("type"));
    if (type == "text") {
      PRAMAAN_ASSIGN_OR_RETURN(TextElement e, ParseText(r));
      PRAMAAN_RETURN_IF_ERROR(CheckPlaceholders(tmpl, e.text, where));
      tmpl.elements.emplace_back(std::move(e));
    } else if (type == "rect") {
      PRAMAAN_ASSIGN_OR_RETURN(RectElement e, ParseRect(r));
      tmpl.elements.emplace_back(e);
    } else if (type == "line") {
      PRAMAAN_ASSIGN_OR_RETURN(LineElement e, ParseLine(r));
      tmpl.elements.emplace_back(e);
    } else if (type == "qr") {
      PRAMAAN_ASSIGN_OR_RETURN(QrElement e, ParseQr(r));
      PRAMAAN_RETURN_IF_ERROR(CheckPlaceholders(tmpl, e.text, where));
      tmpl.elements.emplace_back(std::move(e));
    } else {
      return r.Bad("type", "must be \"text\", \"rect\", \"line\" or \"qr\"");
    }
  }
  return tmpl;
}

Result<std::map<std::string, ScriptFonts>> ParseScriptTable(const Json& document,
                                                            std::string_view source) {
  const Reader top(document, std::string(source));
  const Json* languages = top.Find("languages");
  if (languages == nullptr || !languages->is_object() || languages->empty()) {
    return top.Bad("languages", "must be a non-empty object");
  }
  std::map<std::string, ScriptFonts> table;
  for (const auto& [code, entry] : languages->items()) {
    const Reader r(entry, std::string(source) + ".languages." + code);
    ScriptFonts fonts;
    PRAMAAN_ASSIGN_OR_RETURN(fonts.language_name, r.String("name"));
    PRAMAAN_ASSIGN_OR_RETURN(fonts.script, r.String("script"));
    PRAMAAN_ASSIGN_OR_RETURN(fonts.regular_file, r.String("regular"));
    PRAMAAN_ASSIGN_OR_RETURN(fonts.bold_file, r.String("bold"));
    if (fonts.regular_file.empty() || fonts.regular_file[0] != '/' || fonts.bold_file.empty() ||
        fonts.bold_file[0] != '/') {
      return r.Bad("regular", "and bold must be absolute paths of font files");
    }
    table.emplace(code, std::move(fonts));
  }
  return table;
}

std::vector<std::string> FontFiles(const Template& tmpl) {
  std::set<std::string> files;
  for (const Element& element : tmpl.elements) {
    if (const auto* text = std::get_if<TextElement>(&element); text && !text->localized) {
      files.insert(text->font_file);
    }
  }
  return {files.begin(), files.end()};
}

Result<std::string> RecordLanguage(const Template& tmpl, const Json& credential) {
  PRAMAAN_ASSIGN_OR_RETURN(const std::vector<Segment> segments, ParsePath(tmpl.language_path, ""));
  const Json* object = Walk(credential, segments, 0);
  if (object == nullptr) return std::string();
  if (!object->is_object() || object->size() != 1 || !object->begin().value().is_string()) {
    return InvalidInput(tmpl.language_path +
                        " must be an object with exactly one language, like {\"hi\": \"...\"}");
  }
  return object->begin().key();
}

Result<std::map<std::string, std::string>> ResolveFields(const Template& tmpl,
                                                         const Json& credential,
                                                         std::string_view language,
                                                         std::string_view verification_url) {
  std::map<std::string, std::string> values;
  values.emplace(std::string(kVerificationUrlField), std::string(verification_url));
  for (const auto& [name, spec] : tmpl.fields) {
    const bool needs_language = spec.path.find("{lang}") != std::string::npos;
    if (needs_language && language.empty()) continue;  // English-only page
    const std::string shown_path = ReplaceLang(spec.path, language);
    PRAMAAN_ASSIGN_OR_RETURN(const std::vector<Segment> segments, ParsePath(spec.path, language));
    const Json* value = Walk(credential, segments, 0);
    if (!HasText(value) && !spec.fallback_path.empty()) {
      PRAMAAN_ASSIGN_OR_RETURN(const std::vector<Segment> fallback,
                               ParsePath(spec.fallback_path, language));
      value = Walk(credential, fallback, 0);
    }
    if (!HasText(value)) {
      if (!spec.required) continue;
      return InvalidInput("the credential has no " + shown_path + ", which the certificate prints");
    }
    std::string text;
    switch (spec.format) {
      case FieldFormat::kText:
        if (value->is_string()) {
          text = value->get<std::string>();
        } else if (value->is_number()) {
          text = FormatNumber(value->get<double>());
        } else {
          return InvalidInput(shown_path + " must be a string");
        }
        break;
      case FieldFormat::kNumber:
        if (value->is_number_integer()) {
          text = value->dump();
        } else if (value->is_number()) {
          text = FormatNumber(value->get<double>());
        } else if (value->is_string() && IsNumeric(value->get_ref<const std::string&>())) {
          text = value->get<std::string>();
        } else {
          return InvalidInput(shown_path + " must be a number");
        }
        break;
      case FieldFormat::kDate:
        if (value->is_string()) text = FormatDisplayDate(value->get_ref<const std::string&>());
        if (text.empty()) {
          return InvalidInput(shown_path + " must be a date (YYYY-MM-DD) or an RFC 3339 date-time");
        }
        break;
    }
    values.emplace(name, std::move(text));
  }
  return values;
}

std::string DescribeSource(const Template& tmpl, std::string_view text, std::string_view language) {
  for (const std::string& name : Placeholders(text)) {
    if (name == kVerificationUrlField) return "the verification URL";
    const auto it = tmpl.fields.find(name);
    if (it != tmpl.fields.end()) return ReplaceLang(it->second.path, language);
  }
  return "the text \"" + std::string(text) + "\"";
}

}  // namespace pramaan::certificate
