#include "verifier/printed_text.h"

#include <map>
#include <vector>

#include "core/pdf/text.h"
#include "core/time/display_date.h"

namespace pramaan {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

// `text` with each run of whitespace made one space, and none at either end.
std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (!IsSpace(c)) out.push_back(c);
  }
  return out;
}

const Json* Member(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::string StringAt(const Json& object, const char* name) {
  const Json* member = Member(object, name);
  return member != nullptr && member->is_string() ? member->get<std::string>() : "";
}

}  // namespace

Result<std::string> PageText(const pdf::PdfDocument& document, size_t page_index) {
  PRAMAAN_ASSIGN_OR_RETURN(std::string content, document.PageContents(page_index));
  PRAMAAN_ASSIGN_OR_RETURN(auto cmaps, document.PageFontToUnicode(page_index));
  std::map<std::string, pdf::ToUnicodeMap, std::less<>> fonts;
  for (const auto& [name, cmap] : cmaps) {
    PRAMAAN_ASSIGN_OR_RETURN(pdf::ToUnicodeMap map, pdf::ParseToUnicodeCMap(cmap));
    fonts.emplace(name, std::move(map));
  }
  return pdf::ExtractText(content, fonts);
}

Check CredentialTextChecker::Compare(const pdf::PdfDocument& document,
                                     const Json& credential) const {
  constexpr const char* kId = "printed-text";
  Result<std::string> text = PageText(document, 0);
  if (!text.ok()) return {kId, false, "the page's text cannot be read: " + text.error().message()};
  const std::string page = CollapseSpaces(*text);
  const std::string page_without_spaces = WithoutSpaces(*text);

  const Json* subject = Member(credential, "credentialSubject");
  const Json* achievement = subject != nullptr ? Member(*subject, "achievement") : nullptr;
  if (subject == nullptr || achievement == nullptr) {
    return {kId, false, "the credential has no credentialSubject.achievement to compare"};
  }
  std::string date = StringAt(*subject, "activityEndDate");
  if (date.empty()) date = StringAt(credential, "validFrom");
  struct Fact {
    const char* what;
    std::string value;
    bool ignore_spaces;
  };
  std::vector<Fact> facts = {
      {"the learner's name", StringAt(*subject, "name"), false},
      {"the achievement", StringAt(*achievement, "name"), false},
      {"the date", FormatDisplayDate(date), false},
  };
  if (const Json* localized = Member(*subject, "nameLocalized");
      localized != nullptr && localized->is_object()) {
    for (const auto& [language, name] : localized->items()) {
      if (name.is_string()) {
        facts.push_back({"the learner's name in the record's language", name.get<std::string>(),
                         true});
      }
    }
  }
  for (const Fact& fact : facts) {
    if (fact.value.empty()) {
      return {kId, false, std::string("the credential does not say ") + fact.what};
    }
    const bool found =
        fact.ignore_spaces
            ? page_without_spaces.find(WithoutSpaces(fact.value)) != std::string::npos
            : page.find(CollapseSpaces(fact.value)) != std::string::npos;
    if (!found) {
      return {kId, false,
              std::string("the page does not show ") + fact.what + " \"" + fact.value +
                  "\" that the credential holds"};
    }
  }
  return {kId, true,
          "the page shows the learner's name, the achievement and the date the credential holds"};
}

}  // namespace pramaan
