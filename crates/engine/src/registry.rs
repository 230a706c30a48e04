//! The one registry of built-in rule ids: each rule's id as written in the
//! JSON, its priority when candidates of equal length compete, and a
//! one-sentence, plain-English explanation the app shows ("Found because:
//! …"). Code names rules by [`Rule`], never by comparing strings.
//!
//! Quote rules attribute quotes and never compete with entities; their
//! priority is 0.

use std::fmt;

/// What kind of evidence a rule uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// A name found in a list (`gazetteer:*`).
    Gazetteer,
    /// A shape of the text (`pattern:*`).
    Pattern,
    /// A weak guess for what is left (`guess:*`); other evidence overrides it.
    Guess,
    /// Another mention of a name the article already tagged (`consistency:*`).
    Consistency,
    /// Quote attribution (`quote:*`).
    Quote,
}

macro_rules! registry {
    ($($variant:ident = $id:literal, $family:ident, $prio:literal, $explain:literal;)*) => {
        /// A built-in rule. `Rule::ALL` lists them in registry order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Rule { $($variant),* }

        /// (rule, id, family, priority, explanation), in `Rule` order.
        const TABLE: &[(Rule, &str, Family, u8, &str)] = &[
            $((Rule::$variant, $id, Family::$family, $prio, $explain)),*
        ];

        impl Rule {
            /// Every built-in rule, in registry order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];
        }
    };
}

registry! {
    // Gazetteers: names from the generated lists in data/ and rules/people.txt.
    GazMedia = "gazetteer:media", Gazetteer, 80, "a known news organisation";
    GazInternationalOrg = "gazetteer:international-org", Gazetteer, 80, "a known international organisation";
    GazGovernmentBody = "gazetteer:government-body", Gazetteer, 80, "a known government body";
    GazArmedGroup = "gazetteer:armed-group", Gazetteer, 80, "a known armed group";
    GazCompany = "gazetteer:company", Gazetteer, 80, "a known company";
    GazCountry = "gazetteer:country", Gazetteer, 80, "a known country name";
    GazRegion = "gazetteer:region", Gazetteer, 80, "a known region, state or province";
    GazCity = "gazetteer:city", Gazetteer, 80, "a known city";
    GazDemonym = "gazetteer:demonym", Gazetteer, 80, "a known nationality, religion or political group";
    GazPerson = "gazetteer:person", Gazetteer, 85, "a well-known person";
    GazPersonSurname = "gazetteer:person-surname", Gazetteer, 72, "the surname of a well-known person";
    // Dates and numbers.
    DateMonth = "pattern:date-month", Pattern, 90, "a month name, with its day and year when given";
    DateDayMonth = "pattern:date-day-month", Pattern, 90, "a day number before a month name";
    DateWeekday = "pattern:date-weekday", Pattern, 90, "a day of the week";
    DateNumeric = "pattern:date-numeric", Pattern, 90, "a date written with slashes, such as ‘7/7’ or ‘12/25/2019’";
    DateHoliday = "pattern:date-holiday", Pattern, 90, "a named day or festival, such as ‘Christmas Day’ or ‘Ramadan’";
    DateYear = "pattern:date-year", Pattern, 90, "a four-digit year or a decade such as 1990s";
    DateDeictic = "pattern:date-deictic", Pattern, 90, "today, yesterday or tomorrow";
    DateRelative = "pattern:date-relative", Pattern, 90, "a period counted from now, such as ‘last week’";
    DateDecade = "pattern:date-decade", Pattern, 90, "a decade in words, such as ‘the sixties’";
    DateSeason = "pattern:date-season", Pattern, 90, "a season with a year or ‘this/last’";
    DateDuration = "pattern:date-duration", Pattern, 90, "a number of days, weeks, months or years";
    NumberDigits = "pattern:number-digits", Pattern, 90, "a number in digits";
    NumberWords = "pattern:number-words", Pattern, 90, "a number in words";
    Percent = "pattern:percent", Pattern, 90, "a number with ‘%’ or ‘percent’";
    Range = "pattern:range", Pattern, 90, "a range of numbers, years or durations written as one: ‘20 to 25 percent’, ‘two to three years’, ‘2000-2050’";
    Money = "pattern:money", Pattern, 90, "an amount of money: a currency sign or word with a number";
    // Names by shape and context.
    Dateline = "pattern:dateline", Pattern, 95, "a place in capitals opening a paragraph (a dateline)";
    OrgExtension = "pattern:org-extension", Pattern, 80, "a known organisation extended by a hyphen, such as ‘ISIS-K’";
    OrgHead = "pattern:org-head", Pattern, 75, "capitalised words ending in an organisation word such as ‘Ministry’ or ‘Council’";
    PlaceHead = "pattern:place-head", Pattern, 75, "capitalised words with a place word such as ‘River’ or ‘Mount’";
    TitleName = "pattern:title-name", Pattern, 78, "a capitalised name after a title such as ‘Senator’";
    GivenNamePlaceWord = "pattern:given-name-place-word", Pattern, 76, "a known given name and a place word (‘Bruce Arena’) with a title or a verb of saying beside them: a person, not a place";
    GivenName = "pattern:given-name", Pattern, 70, "a known given name followed by a capitalised name";
    Surname = "pattern:surname", Pattern, 70, "capitalised words ending in a known surname";
    AcronymDefinition = "pattern:acronym-definition", Pattern, 100, "an acronym in brackets after the name it stands for";
    CoordinatedPlace = "pattern:coordinated-place", Pattern, 75, "two directions sharing one place name, such as ‘North and South Korea’";
    OrgPlaceForce = "pattern:org-place-force", Pattern, 65, "a capitalised name before lowercase ‘police’, such as ‘Avon and Somerset police’";
    PlaceRoad = "pattern:place-road", Pattern, 75, "a road by its number: ‘the A11’ after ‘on’, ‘the M25 motorway’, ‘Route 66’";
    OrgCoordinated = "pattern:org-coordinated", Pattern, 65, "organisations sharing one head or noun: ‘the departments of Labor and Commerce’, ‘the Senate and House committees’";
    PlaceOrg = "pattern:place-org", Pattern, 75, "a known organisation after its country or nationality, such as ‘British Red Cross’, or a national body named by a word and its country, such as ‘Environment Canada’";
    FacilityUse = "pattern:facility-use", Pattern, 75, "a facility that is also an institution, such as a museum or a space centre: a place after ‘at’, ‘in’ or ‘from’, else an organisation";
    OrgPlace = "pattern:org-place", Pattern, 75, "an organisation followed by the country or region it serves, such as ‘Ford Australia’";
    StateOf = "pattern:state-of", Pattern, 75, "‘State of’ before a known place";
    PlaceNoun = "pattern:place-noun", Pattern, 60, "a name beside a place word such as ‘province’ or ‘the town of’";
    OrgNounBefore = "pattern:org-noun-before", Pattern, 65, "a capitalised name after a word for a kind of organisation, such as ‘the retailer’ or ‘the band’";
    SportsPlayer = "pattern:sports-player", Pattern, 45, "in a sports report, a name no list knows that does what players do: ‘Drogba forced a save’";
    SportsScore = "pattern:sports-score", Pattern, 90, "a score in a sports report, such as ‘3-2’";
    SportsTeam = "pattern:sports-team", Pattern, 65, "a place or club name used as a sports team in a sports report: ‘Russia beat Egypt’, ‘Spain coach’, a score";
    OrgCueAfter = "pattern:org-cue-after", Pattern, 65, "a capitalised name before ‘spokesperson’, ‘shares’, ‘union’ or ‘’s chief executive’";
    OrgRoleOf = "pattern:org-role-of", Pattern, 65, "a capitalised name after a role held in an organisation, such as ‘chief executive of’ or ‘analyst at’";
    OrgForCause = "pattern:org-for-cause", Pattern, 60, "capitalised words, ‘for’, and a capitalised cause: ‘Jewish Voice for Peace’, ‘National Students for Justice in Palestine’";
    OrgSharesOf = "pattern:org-shares-of", Pattern, 65, "a capitalised name after ‘shares of’ or ‘a stake in’";
    OrgAmpersand = "pattern:org-ampersand", Pattern, 78, "a name, ‘&’ and a firm word such as ‘Sons’ or ‘Co.’ (‘William Grant & Sons’)";
    OrgDomain = "pattern:org-domain", Pattern, 80, "a name with a web domain, such as ‘Example.com’ or ‘Example.co.uk’";
    PlaceCommaRegion = "pattern:place-comma-region", Pattern, 55, "a name before a comma and a known state or country";
    // Weak guesses.
    OrgArmedService = "guess:armed-service", Guess, 45, "a country's armed service named alone (‘the Army’, ‘the Navy said’)";
    GuessAcronym = "guess:acronym", Guess, 40, "an unknown acronym in capitals, guessed to be an organisation";
    GuessName = "guess:name", Guess, 40, "two or three unknown capitalised words, guessed to be a person";
    GuessGivenNameFunctionWord = "guess:given-name-function-word", Guess, 40, "a known given name before a capitalised word that is otherwise lowercase (‘James To of the Democratic Party’, ‘Wilson Or was elected’)";
    GuessGivenNameAlone = "guess:given-name-alone", Guess, 35, "a known given name on its own, guessed to be a person";
    GuessNameBesideCue = "guess:name-beside-cue", Guess, 35, "an unknown capitalised word beside a verb of saying such as ‘said’";
    GuessPersonInList = "guess:person-in-list", Guess, 35, "a name in a list that starts with a person and ends with ‘and …’ (‘sons Clarence, Edward, Ted, and Kecalf’)";
    GuessPlacesAfterPreposition = "guess:places-after-preposition", Guess, 35, "names no list knows in a list after ‘from’ or ‘in’ (‘from Brandon, Mildenhall and Lakenheath’)";
    GuessPlaceInList = "guess:place-in-list", Guess, 35, "a name guessed to be a person, but listed among places (‘Leeds, Bradford and York’)";
    GuessPlaceAfterPreposition = "guess:place-after-preposition", Guess, 35, "an unknown capitalised word after ‘in’, ‘near’ or ‘from’";
    // The article's own evidence.
    ConsistencyPerson = "consistency:person", Consistency, 30, "the name or surname of a person named earlier in the article";
    ConsistencySameName = "consistency:same-name", Consistency, 30, "the same name as another highlight in this article";
    QuoteSpeakerName = "quote:speaker-name", Quote, 50, "an unknown name in the speaker's place beside a verb of saying";
    // Quote attribution.
    QuoteCueAfter = "quote:cue-after", Quote, 0, "a verb of saying after the quote";
    QuoteCueBefore = "quote:cue-before", Quote, 0, "a verb of saying before the quote";
    QuoteCueBeforeSpeaker = "quote:cue-before-speaker", Quote, 0, "a verb of saying after the quote, then the speaker (‘said X’)";
    QuoteRoleNoun = "quote:role-noun", Quote, 0, "‘the company said’: the organisation the article named last";
    QuoteDocumentIssuer = "quote:document-issuer", Quote, 0, "‘the report says’, ‘the resolution read’: whoever the article said issued that text before (‘a report from X’, ‘X’s report’, ‘X released a statement’)";
    QuoteRolePerson = "quote:role-person", Quote, 0, "‘the widow said’, ‘the manager said’: the person the article introduced in that role (‘X, the club’s manager,’ or ‘manager X’)";
    QuoteSpeakerBeforeCue = "quote:speaker-before-cue", Quote, 0, "the speaker, then a verb of saying after the quote (‘X said’)";
    QuoteMisspeltSpeaker = "quote:misspelt-speaker", Quote, 0, "a speaker's surname a letter or two off that of a person the article named in full (‘Ms Bauchtman said’ after ‘Lydia Buchtmann’): that person";
    QuoteAccordingTo = "quote:according-to", Quote, 0, "‘according to’ and the speaker";
    QuotePronoun = "quote:pronoun", Quote, 0, "‘he’, ‘she’ or ‘they’ with a verb of saying, resolved to a name before it (not one whose title, such as ‘Mr’ or ‘Ms’, says another gender)";
    QuoteSameSentence = "quote:same-sentence", Quote, 0, "a fragment in the same sentence as an attributed quote";
    QuotePreviousParagraphSubject = "quote:previous-paragraph-subject", Quote, 0, "a paragraph that is only a quote, after a paragraph about a person with no quote of its own: that person";
    QuoteContinuation = "quote:continuation", Quote, 0, "speech without a verb of saying, continuing the previous speaker";
    QuoteSentenceSubject = "quote:sentence-subject", Quote, 0, "the subject of the quote's own sentence: speech without a verb of saying after the subject's verb (‘Jobs extended an invitation, “…”’), or a participle after a comma (‘…, saying “…”’)";
    QuoteParagraphSubject = "quote:paragraph-subject", Quote, 0, "speech without a verb of saying, by the person the paragraph is about";
}

impl Rule {
    fn row(self) -> &'static (Rule, &'static str, Family, u8, &'static str) {
        &TABLE[self as usize]
    }

    /// The id as written in the JSON (`"gazetteer:country"`).
    pub fn id(self) -> &'static str {
        self.row().1
    }

    pub fn family(self) -> Family {
        self.row().2
    }

    /// Higher wins between candidates of equal length.
    pub fn priority(self) -> u8 {
        self.row().3
    }

    /// One plain-English sentence: why a highlight was made.
    pub fn explanation(self) -> &'static str {
        self.row().4
    }

    /// The rule with this id, if it is a built-in one.
    pub fn from_id(id: &str) -> Option<Rule> {
        TABLE.iter().find(|r| r.1 == id).map(|r| r.0)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Explains any provenance string an annotation may carry, in words: a
/// built-in rule id, a user rule (`user:SET:LINE`), a correction (`user`) or
/// an import (`import` or `import:FORMAT`). `None` for an id this version
/// does not know.
pub fn explain(rule: &str) -> Option<String> {
    if let Some(r) = Rule::from_id(rule) {
        return Some(r.explanation().to_string());
    }
    if rule == "user" {
        return Some("a correction made by hand".to_string());
    }
    if let Some(rest) = rule.strip_prefix("user:") {
        let (set, line) = rest.rsplit_once(':').unwrap_or((rest, "?"));
        return Some(format!("your rule at line {line} of “{set}”"));
    }
    if rule == "import" || rule.starts_with("import:") {
        return Some("imported from another file".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_enum_order_and_ids_are_unique() {
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert_eq!(TABLE[i].0, *r, "row {i} is out of order");
            assert_eq!(Rule::from_id(r.id()), Some(*r));
            assert!(r.explanation().len() > 10, "{r}: explain it in words");
            let family = r.id().split(':').next().unwrap();
            let want = match r.family() {
                Family::Gazetteer => "gazetteer",
                Family::Pattern => "pattern",
                Family::Guess => "guess",
                Family::Consistency => "consistency",
                Family::Quote => "quote",
            };
            assert_eq!(family, want, "{r}: id prefix and family disagree");
        }
        assert_eq!(TABLE.len(), Rule::ALL.len());
    }

    #[test]
    fn explains_every_kind_of_provenance() {
        assert_eq!(
            explain("gazetteer:country").as_deref(),
            Some("a known country name")
        );
        assert_eq!(
            explain("user:beat.rules:12").as_deref(),
            Some("your rule at line 12 of “beat.rules”")
        );
        assert!(explain("user").is_some());
        assert!(explain("import:brat").is_some());
        assert_eq!(explain("nonsense:rule"), None);
    }
}
