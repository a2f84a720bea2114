// The qualification catalogue of the awarding body: the NCVET-approved qualifications it may
// award, as listed on the National Qualifications Register (NQR), with their NSQF level, NCrF
// credits and validity. Entries are imported from CSV or JSON and kept in the awarding store
// (awarding/awarding_store.h); this file holds the entry itself, its rules and its parsing.
#ifndef PRAMAAN_AWARDING_CATALOGUE_H_
#define PRAMAAN_AWARDING_CATALOGUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/json/json.h"
#include "core/result.h"

namespace pramaan::awarding {

// NCrF: one credit is 30 notional learning hours.
inline constexpr int kNotionalHoursPerCredit = 30;

struct Qualification {
  std::string nqr_code;    // e.g. QG-05-GE-01234-2024-V1.0-NCVET (the pattern of the record schema)
  std::string title;       // in English
  std::string title_hi;    // in Hindi (Devanagari)
  int nsqf_level = 0;      // 1..8; equal to the level in the NQR code
  int notional_hours = 0;  // > 0
  double credits = 0;      // NCrF credits: notional_hours / 30, computed, never typed in
  std::string sector;      // e.g. "Public Administration"
  std::string version;     // e.g. "1.0": digits and dots
  std::string valid_from;  // YYYY-MM-DD: the first day it may be awarded
  std::string valid_until; // YYYY-MM-DD: the last day, or "" for no end
  bool active = true;      // false: retired by the awarding body; never awarded again

  bool operator==(const Qualification&) const = default;
};

// NCrF credits for `notional_hours`: hours / 30 (12 credits for 360 hours, 0.5 for 15).
double CreditsForHours(int notional_hours);

// Checks every rule above. Fails with kInvalidInput, one sentence naming the field:
// "nqr_code \"X\" is not an NQR code (QG-05-GE-01234-2024-V1.0-NCVET)", "nsqf_level 9 is
// outside 1-8", "nsqf_level 4 differs from the level 05 in the NQR code", a missing title or
// title_hi, hours <= 0, credits not hours / 30, a date that is not a real calendar date,
// valid_until before valid_from. In full: nqr_code matches the record schema's pattern
// ^QG-[0-9]{2}-[A-Z]{2}-[0-9]{5}-[0-9]{4}-V[0-9]+(\.[0-9]+)?(-[A-Z0-9]+)*$ in at most 64
// characters; title and title_hi non-empty valid UTF-8 (no NUL) of at most 300 characters,
// title_hi with at least one Devanagari character (U+0900-U+097F); sector likewise, at most
// 200; version ^[0-9]+(\.[0-9]+)*$ in at most 32; notional_hours in 1..7200 (240 credits);
// credits exactly CreditsForHours(notional_hours); valid_from required. Values quoted in
// messages are cut short when long and left out when not printable.
Status ValidateQualification(const Qualification& qualification);

// Whether `qualification` may be awarded on `date` (YYYY-MM-DD): valid
// (ValidateQualification), active, and date within [valid_from, valid_until] (both days
// included). When it may not, `why` (if given) gets a sentence: "the qualification \"QG-...\"
// was retired", "... is valid from 2027-01-01", "... expired on ...", or that `date` is not a
// date; when it may, `why` is cleared.
bool IsAwardable(const Qualification& qualification, std::string_view date,
                 std::string* why = nullptr);

// The entry as JSON: {"nqr_code", "title", "title_hi", "nsqf_level", "notional_hours",
// "credits", "sector", "version", "valid_from", "valid_until" (absent when open), "active"}.
Json QualificationToJson(const Qualification& qualification);

// The entry from that JSON. "credits" may be absent (computed from notional_hours) or given
// (then it must equal hours / 30); "notional_hours" may be absent when "credits" is given
// (hours = credits * 30, which must be a whole number); "active" defaults to true. Given credits
// must match within 1e-9 (decimal credits are not exact in binary); the result's credits are
// always CreditsForHours. Whole numbers may be written 5 or 5.0. "valid_until" may be absent,
// null or "" for no end. Unknown members are errors. Validates (ValidateQualification). Fails
// with kInvalidInput naming the member.
Result<Qualification> QualificationFromJson(const Json& json);

// One entry of an imported catalogue file: the qualification, or why that entry was refused.
struct CatalogueEntry {
  // For messages: "catalogue.csv:3" (the line the CSV row starts on) or "catalogue.json
  // entry 2" (1-based); "line 3" / "entry 2" when the name is empty.
  std::string where;
  // An error's message names the field, not the place ("nsqf_level 9 is outside 1-8"); show
  // it as `where + ": " + message` ("catalogue.csv:4: nsqf_level 9 is outside 1-8").
  Result<Qualification> qualification;
};

// Parses a catalogue: a JSON array of entries (or {"qualifications": [...]} with no other
// member), or CSV (csv_table.h) with a header row naming the JSON members above in any order
// (nqr_code,title,title_hi,nsqf_level,notional_hours,credits,sector,version,valid_from,
// valid_until,active; credits and valid_until and active may be left out or empty, and
// notional_hours may be left out or empty where credits is given). CSV cells are read as
// written: numbers strictly (the whole cell, no spaces), active as true/false, yes/no or 1/0 in
// any case, an empty cell being true. `name` is used in `where`. Each entry is checked alone:
// a bad entry is reported in its CatalogueEntry and the others are still returned. Fails as a
// whole (kInvalidInput) only when the text is not a JSON array/object or CSV with a usable
// header (a header naming an unknown column is not usable: a misspelt column must not drop
// its data silently), or when two entries have the same nqr_code (the message names both).
enum class CatalogueFormat { kJson, kCsv };
Result<std::vector<CatalogueEntry>> ParseCatalogue(std::string_view text, CatalogueFormat format,
                                                   std::string_view name);

// Checks an APAAR id (Automated Permanent Academic Account Registry, India's student id):
// exactly 12 ASCII digits. Fails with kInvalidInput: "apaar_id \"X\" is not 12 digits", the
// value cut short when long and left out when not printable.
Status ValidateApaarId(std::string_view apaar_id);

}  // namespace pramaan::awarding

#endif  // PRAMAAN_AWARDING_CATALOGUE_H_
