#include "verifier/printed_text.h"

#include <map>
#include <vector>

#include "core/pdf/page_text.h"
#include "core/time/display_date.h"

namespace pramaan {
namespace {

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
  return pdf::PageTextInRawOrder(document.bytes(), page_index);
}

Check CredentialTextChecker::Compare(const pdf::PdfDocument& document,
                                     const Json& credential) const {
  constexpr const char* kId = "printed-text";
  Result<std::string> text = PageText(document, 0);
  if (!text.ok()) return {kId, false, "the page's text cannot be read: " + text.error().message()};
  const std::string page = pdf::ComparableText(*text);

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
  };
  std::vector<Fact> facts = {
      {"the learner's name", StringAt(*subject, "name")},
      {"the achievement", StringAt(*achievement, "name")},
      {"the date", FormatDisplayDate(date)},
  };
  if (const Json* localized = Member(*subject, "nameLocalized");
      localized != nullptr && localized->is_object()) {
    for (const auto& [language, name] : localized->items()) {
      if (name.is_string()) {
        facts.push_back({"the learner's name in the record's language", name.get<std::string>()});
      }
    }
  }
  for (const Fact& fact : facts) {
    if (fact.value.empty()) {
      return {kId, false, std::string("the credential does not say ") + fact.what};
    }
    const bool found = page.find(pdf::ComparableText(fact.value)) != std::string::npos;
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
