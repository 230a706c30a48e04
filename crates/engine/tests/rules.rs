//! Table-driven rule tests: one case per behaviour of the guidelines.

use pressmark_engine::{Annotator, Document, Label};
use std::sync::OnceLock;

fn annotate(text: &str) -> Document {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(Annotator::new).annotate(text)
}

fn ents(doc: &Document) -> Vec<(String, Label, String)> {
    doc.entities
        .iter()
        .map(|e| {
            (
                doc.slice(e.start, e.end).to_string(),
                e.label,
                e.rule.to_string(),
            )
        })
        .collect()
}

use Label::*;

/// One rule case: text, entities that must be found (text, label and the
/// rule that must have made it), spans that must not be entities.
type EntityCase = (
    &'static str,
    &'static [(&'static str, Label, &'static str)],
    &'static [&'static str],
);

const ENTITY_CASES: &[EntityCase] = &[
    // a year in an event's name is no DATE (nor NUMBER); before a generic
    // event it is; numbered streets are places
    (
        "It came before the 2014 Winter Olympics and the 2018 FIFA World Cup.",
        &[],
        &["2014", "2018"],
    ),
    (
        "It came after the 2014 protests, at 38th Street and 7th Avenue.",
        &[("2014", Date, "pattern:date-year"), ("38th Street", Loc, "pattern:place-road"), ("7th Avenue", Loc, "pattern:place-road")],
        &[],
    ),
    // a name, "&" and a firm word is one organisation; not other pairs
    (
        "The vodka is sold by William Grant & Sons USA and by Harlow & Co. in Boston, not by Bartles & Jaymes.",
        &[("William Grant & Sons USA", Org, "pattern:org-ampersand"), ("Harlow & Co.", Org, "pattern:org-ampersand")],
        &["Bartles & Jaymes"],
    ),
    (
        "Sales peaked in May of last year and in June.",
        &[("May of last year", Date, "pattern:date-month"), ("June", Date, "pattern:date-month")],
        &[],
    ),
    // an acronym the text defines as a thing is no organisation anywhere
    (
        "BDS groups met. The Boycott, Divestment, and Sanctions movement (BDS) grew under the ICI system, said the United Auto Workers (UAW).",
        &[("UAW", Org, "guess:acronym")],
        &["BDS", "ICI"],
    ),
    // a double surname whose first part is a common word; a given name
    // after "a" and an adjective is a thing named after someone
    (
        "The pitcher was Anna Long-Droppert. He made a blue Marilyn and a pink Marilyn.",
        &[("Anna Long-Droppert", Person, "pattern:given-name")],
        &["Marilyn", "Droppert"],
    ),
    // an unknown two-word name after "in" is a place, not a person; not an
    // event; a country's armed service alone is an organisation
    (
        "Refugees live in Goz Beida and in Koukou areas. It began in World War Two. The Navy said the Army will help.",
        &[("Goz Beida", Loc, "guess:place-after-preposition"), ("Koukou", Loc, "pattern:place-noun"), ("Navy", Org, "guess:armed-service"), ("Army", Org, "guess:armed-service")],
        &["World War"],
    ),
    // a long organisation name before a title stays tagged; a department
    // word inside a job title does not
    (
        "World Food Program Spokeswoman Emilia Casella spoke after State Department Spokesperson Ned Price.",
        &[("World Food Program", Org, "gazetteer:international-org")],
        &["State Department"],
    ),
    // a capitalised direction before a country, "New" before a city, a
    // beach; a known country after a place's "of" is not part of its name;
    // a capitalised number word in a name is no NUMBER; "ago" ends a period
    (
        "Refugees fled to Eastern Chad. Quakes hit near New Madrid. Troops fought in the Korengal Valley of Afghanistan and landed on Omaha Beach in World War Two, many years ago.",
        &[
            ("Eastern Chad", Loc, "pattern:place-head"),
            ("New Madrid", Loc, "pattern:place-head"),
            ("Korengal Valley", Loc, "pattern:place-head"),
            ("Afghanistan", Loc, "gazetteer:country"),
            ("Omaha Beach", Loc, "pattern:place-head"),
            ("many years ago", Date, "pattern:date-duration"),
        ],
        &["Two", "Korengal Valley of Afghanistan"],
    ),
    // a company before a model number or a flight names a product or a
    // flight: neither is tagged
    (
        "Malaysia Airlines Flight 17, a Boeing 777, was shot down; Boeing said 12 engineers would help.",
        &[("Boeing", Org, "gazetteer:company"), ("12", Number, "pattern:number-digits")],
        &["Malaysia Airlines", "777", "17"],
    ),
    // a guessed two-word person's last word standing alone is that person;
    // not after an article, not beside another capitalised word, not when
    // the guess opens with a known person's surname
    (
        "The prime minister, Adly Mansour, spoke. Mansour said elections would follow, and aides praised Mansour.",
        &[("Adly Mansour", Person, "guess:name"), ("Mansour", Person, "consistency:person")],
        &[],
    ),
    (
        "Andy Warhol liked the Warhol Polaroid exhibits. The Polaroid format is old.",
        &[("Andy Warhol", Person, "pattern:given-name")],
        &["Polaroid"],
    ),
    // a city's name after a title is a person's; a city that is the last
    // word of a guessed person is that person
    (
        "Gen. Austin visited troops near Austin, Texas. Nabil Tulsa spoke; Tulsa said the talks went well.",
        &[("Austin", Person, "pattern:title-name"), ("Austin", Loc, "gazetteer:city"), ("Tulsa", Person, "consistency:person")],
        &[],
    ),
    // a plural place noun and "of" names two places
    (
        "The typhoon made landfall on the islands of Leyte and Samar.",
        &[("Leyte", Loc, "pattern:place-noun"), ("Samar", Loc, "pattern:place-noun")],
        &[],
    ),
    // languages are not tagged; the nationality before a noun still is
    (
        "A broadcaster in Greek, she writes English-language material for Greek speakers and speaks English and French with Greek diplomats.",
        &[("Greek", Norp, "gazetteer:demonym")],
        &["English", "French"],
    ),
    // DATE edges: a range counted from now, "or" ranges, a half, a month
    // counted from now, ISO dates, years joined by a spaced dash
    (
        "Growth will slow over the next 12 to 18 months, after the last five or six years of gains.",
        &[("the next 12 to 18 months", Date, "pattern:range"), ("the last five or six years", Date, "pattern:range")],
        &["12", "five"],
    ),
    (
        "He spent the three and a half years in a brig; it took the next year and a half to rebuild.",
        &[("the three and a half years", Date, "pattern:date-duration"), ("the next year and a half", Date, "pattern:date-relative")],
        &["three"],
    ),
    (
        "He was convicted last August. The report is dated 2002-12-11, after the boom of 1999 – 2000.",
        &[("last August", Date, "pattern:date-month"), ("2002-12-11", Date, "pattern:date-numeric"), ("1999 – 2000", Date, "pattern:range")],
        &["2002-12", "1999"],
    ),
    (
        "He sat there for the next 30 hours. Growth beat the two previous years and made millions of dollars.",
        &[("the next 30 hours", Date, "pattern:date-duration"), ("the two previous years", Date, "pattern:date-relative"), ("millions of dollars", Number, "pattern:money")],
        &["30 hours", "two"],
    ),
    (
        "We celebrate two hundred thirty eight years; more than two dozen countries and one thousand and five people.",
        &[("two hundred thirty eight years", Date, "pattern:date-duration"), ("two dozen", Number, "pattern:number-words"), ("one thousand and five", Number, "pattern:number-words")],
        &["eight years", "thirty"],
    ),
    (
        "It happened on the fifth of May; the Army was founded June 14, 1775.",
        &[("the fifth of May", Date, "pattern:date-month"), ("June 14, 1775", Date, "pattern:date-month")],
        &["1775"],
    ),
    (
        "They bought one or two cars and 20 or 25 percent more.",
        &[("20 or 25 percent", Number, "pattern:range")],
        &["one or two"],
    ),
    // a given name and a place word with a title or a verb of saying beside
    // them is a person; without, still a place
    (
        "U.S. coach Bruce Arena says the team is ready. \"We can win,\" said Bruce Arena.",
        &[("Bruce Arena", Person, "pattern:given-name-place-word")],
        &[],
    ),
    (
        "Fans met at Victoria Park on Sunday.",
        &[("Victoria Park", Loc, "pattern:place-head")],
        &[],
    ),
    // a group, "for" and a cause is one organisation; not a person working
    // for a known one, an award or a title
    (
        "They include Jewish Voice for Peace, the U.S. Campaign for Palestinian Rights and National Students for Justice in Palestine.",
        &[
            ("Jewish Voice for Peace", Org, "pattern:org-for-cause"),
            ("U.S. Campaign for Palestinian Rights", Org, "pattern:org-for-cause"),
            ("National Students for Justice in Palestine", Org, "pattern:org-for-cause"),
        ],
        &["Jewish", "Palestine"],
    ),
    (
        "Lydia Buchtmann for Food Standards Australia spoke; she won Best Rap Album for Coloring Book; the Minister for Health and the director for Amnesty International agreed.",
        &[],
        &["Lydia Buchtmann for Food Standards Australia", "Best Rap Album for Coloring Book", "Minister for Health"],
    ),
    // "O'Brien" inside a name; a lawmaker is a title; a campaign an
    // organisation head
    (
        "Lawmaker Emmett O'Brien replied to the Ireland Palestine Solidarity Campaign.",
        &[("Emmett O'Brien", Person, "pattern:title-name"), ("Ireland Palestine Solidarity Campaign", Org, "pattern:org-head")],
        &["Lawmaker Emmett", "Brien", "Ireland"],
    ),
    // a periodical before its kind; a name with a glued ezafe; an unknown
    // name before a possessive and a title
    (
        "She told Vogue magazine in 2015 that the Etemad-e Melli newspaper was banned.",
        &[("Vogue", Org, "pattern:org-cue-after"), ("Etemad-e Melli", Org, "pattern:org-cue-after")],
        &["Melli"],
    ),
    (
        "Acme's President John Roe spoke, and Russia's President Vladimir Putin replied.",
        &[("Acme", Org, "pattern:org-cue-after"), ("Russia", Loc, "gazetteer:country")],
        &[],
    ),
    // a given name (or a name after a title) and a capitalised function word
    // inside a sentence: the surname; not when more capitals follow, not a
    // month or a place head
    (
        "Those elected were Leung Yiu-chung of NWSC and James To of the Democratic Party.",
        &[("James To", Person, "guess:given-name-function-word")],
        &["James", "To"],
    ),
    (
        "The district councillor Wilson Or was elected with 51,516 votes.",
        &[("Wilson Or", Person, "pattern:title-name")],
        &["Wilson"],
    ),
    (
        "He walked past Jordan Park on the way home and saw James In Time Of War.",
        &[],
        &["James In"],
    ),
    // hyphenated given names (Chinese, Korean) belong to the name; English
    // compounds after a name do not
    (
        "Pro-democracy veteran Lee Cheuk-yan lost to Junius Ho.",
        &[("Lee Cheuk-yan", Person, "pattern:given-name")],
        &["Lee Cheuk"],
    ),
    // a foreign organisation word opens a name; record labels have a head
    (
        "The Federación Nacional de Cafeteros de Colombia sued. She signed to Columbia Records.",
        &[
            ("Federación Nacional de Cafeteros de Colombia", Org, "pattern:org-head"),
            ("Columbia Records", Org, "pattern:org-head"),
        ],
        &["Colombia", "Columbia"],
    ),
    // products with numbers, handles and ranks are no organisations or
    // numbers
    (
        "It is time for IE6 users to move on, Obama tweeted from his @POTUS account. Internet Explorer is the #2 browser.",
        &[],
        &["IE6", "POTUS", "2"],
    ),
    // a university's campus is part of its name; a hyphenated word inside
    // an organisation's name too; "of the UK" after a known place is not
    (
        "Attendance at the University of North Carolina at Greensboro rose. A major at University of Texas Arlington spoke. The Council on American-Islamic Relations said so. The University of Sheffield of the UK agreed.",
        &[
            ("University of North Carolina at Greensboro", Org, "pattern:org-head"),
            ("University of Texas Arlington", Org, "pattern:org-head"),
            ("Council on American-Islamic Relations", Org, "pattern:org-head"),
            ("University of Sheffield", Org, "pattern:org-head"),
            ("UK", Loc, "gazetteer:country"),
        ],
        &[],
    ),
    // laws are not tagged, nor names inside them; a given name after
    // "child," is a person, also alone at a sentence's start later; a
    // person's surname that is a common word, before a past tense
    (
        "AMD sued under the Clayton Act and the Budapest Convention. Their nine-month-old child, Gloria, fell ill. Gloria died. Steve Jobs spoke. Jobs attributed it to luck.",
        &[
            ("Gloria", Person, "pattern:title-name"),
            ("Gloria", Person, "consistency:person"),
            ("Jobs", Person, "consistency:person"),
        ],
        &["Clayton Act", "Clayton", "Budapest"],
    ),
    // stock market indices are not tagged, nor what is inside them; the
    // rating agency is an organisation
    (
        "The Dow Jones Industrial Average (DJIA) lost 998 points. The Nasdaq fell 3%, and the Standard & Poor's 500 index dropped. Standard & Poor's cut its rating.",
        &[("998", Number, "pattern:number-digits"), ("Standard & Poor's", Org, "gazetteer:company")],
        &["Dow Jones", "DJIA", "Nasdaq", "500"],
    ),
    // "Mac" is Apple's computer, not a given name
    (
        "Jobs showed Mac OS X Lion. Mac sales rose.",
        &[],
        &["Mac", "Mac OS", "OS"],
    ),
    // professions before a name are titles
    (
        "Photographers Nat Finkelstein and Christopher Makos came.",
        &[("Nat Finkelstein", Person, "pattern:title-name")],
        &["Photographers Nat Finkelstein"],
    ),
    // deities are people
    (
        "The court ruled on the worship of Zeus. He said he is with God now.",
        &[("Zeus", Person, "gazetteer:person"), ("God", Person, "gazetteer:person")],
        &[],
    ),
    // a particle opens a surname ("De Blaes"), also at a sentence's start
    (
        "Stacey De Blaes was walked. De Blaes hit a double.",
        &[("De Blaes", Person, "consistency:person")],
        &["Blaes"],
    ),
    // organisations sharing a head or a noun are two
    (
        "The departments of Labor and Commerce issued rules. The Senate and House committees met.",
        &[
            ("Labor", Org, "pattern:org-coordinated"),
            ("Commerce", Org, "pattern:org-coordinated"),
            ("House", Org, "pattern:org-coordinated"),
        ],
        &[],
    ),
    // dates with slashes; round-the-clock figures and fractions with
    // slashes are no numbers; a fraction in words is one NUMBER
    (
        "The attacks of 7/7 killed 52 people. The service runs 24/7. Profits rose two fifths.",
        &[
            ("7/7", Date, "pattern:date-numeric"),
            ("52", Number, "pattern:number-digits"),
            ("two fifths", Number, "pattern:number-words"),
        ],
        &["24", "7"],
    ),
    // local places: bases, roads by number, studios used as places, lists
    // of towns after "from"; phone numbers are no NUMBERs
    (
        "Officers at RAF Lakenheath said a car crashed on the A11 near Thetford. The band recorded at Abbey Road Studios. Residents from Brandon, Mildenhall and Lakenheath attended. Call 01632 960 123. Airbus delivered the A380 on time.",
        &[
            ("RAF Lakenheath", Loc, "pattern:place-head"),
            ("A11", Loc, "pattern:place-road"),
            ("Abbey Road Studios", Loc, "pattern:facility-use"),
            ("Brandon", Loc, "guess:places-after-preposition"),
            ("Mildenhall", Loc, "guess:places-after-preposition"),
        ],
        &["123", "960", "A380"],
    ),
    // a role held in an organisation names it
    (
        "Jobs was chief executive of Pixar. Dan Greenhaus, an analyst at Miller Tabak, disagreed.",
        &[
            ("Pixar", Org, "pattern:org-role-of"),
            ("Miller Tabak", Org, "pattern:org-role-of"),
        ],
        &[],
    ),
    // holidays, "mid-2011", "June last year", "the weekend", "this season",
    // "that year" are dates; a holiday inside a longer name is not
    (
        "He died on Christmas Day. It ships in mid-2011. As of June last year, fans came throughout the weekend and this season. Her mother died that year, after the Good Friday Agreement.",
        &[
            ("Christmas Day", Date, "pattern:date-holiday"),
            ("mid-2011", Date, "pattern:date-year"),
            ("June last year", Date, "pattern:date-month"),
            ("the weekend", Date, "pattern:date-relative"),
            ("this season", Date, "pattern:date-relative"),
            ("that year", Date, "pattern:date-relative"),
        ],
        &["Good Friday"],
    ),
    (
        "He said that week after week it rained.",
        &[],
        &["that week"],
    ),
    // ranges are one span; a country's code is part of a dollar amount;
    // vague counts of years are durations
    (
        "Jobs make up 20 to 25 percent of it, closing in two to three years, over 2000-2050. Cases cost US $29. It took several years and a couple of months.",
        &[
            ("20 to 25 percent", Number, "pattern:range"),
            ("two to three years", Date, "pattern:range"),
            ("2000-2050", Date, "pattern:range"),
            ("US $29", Number, "pattern:money"),
            ("several years", Date, "pattern:date-duration"),
            ("a couple of months", Date, "pattern:date-duration"),
        ],
        &["20", "25 percent", "three years", "US"],
    ),
    // a facility that is also an institution: a place where used as one
    (
        "The shuttle lifted off from the Kennedy Space Center. The Museum of Flight put in a bid.",
        &[
            ("Kennedy Space Center", Loc, "pattern:facility-use"),
            ("Museum of Flight", Org, "pattern:facility-use"),
        ],
        &[],
    ),
    // a number in a product's name is no NUMBER; a count after a place is
    (
        "Owners of the iPhone 4 get a case. Washington 28 state gathering.",
        &[("28", Number, "pattern:number-digits")],
        &["4"],
    ),
    // an acronym of lowercase words is no organisation, there or later;
    // Roman numerals and time zones are not acronyms
    (
        "Effects of iodine deficiency disorders (IDD) are visible. IDD is common. Part XVII starts at 17:30 AEST.",
        &[],
        &["IDD", "XVII", "AEST"],
    ),
    // a particle glued to a surname belongs to the name, also alone
    (
        "Abdelbaset Ali al-Megrahi has been buried. Later, al-Megrahi was moved.",
        &[
            ("Abdelbaset Ali al-Megrahi", Person, "guess:name"),
            ("al-Megrahi", Person, "consistency:person"),
        ],
        &["Abdelbaset"],
    ),
    // family words are titles; a list that starts with a person and ends
    // with "and X" is a list of people
    (
        "Franklin is survived by sons Clarence, Edward, Ted, and Kecalf.",
        &[
            ("Clarence", Person, "pattern:title-name"),
            ("Kecalf", Person, "guess:person-in-list"),
        ],
        &[],
    ),
    // a given name alone after the person was named in full
    (
        "Police arrested Daniel Montalvo on Friday. Officials said Daniel was held for 30 hours.",
        &[("Daniel", Person, "consistency:person")],
        &[],
    ),
    // a country or nationality before a known organisation is part of it;
    // "Environment Canada" is a national body; two organisations joined
    // by "and" stay two
    (
        "The British Red Cross helped. A sensitive Environment Canada document was found.",
        &[
            ("British Red Cross", Org, "pattern:place-org"),
            ("Environment Canada", Org, "pattern:place-org"),
        ],
        &["Red Cross", "Canada"],
    ),
    (
        "The Croucher Foundation and US National Park Service paid.",
        &[("US National Park Service", Org, "pattern:org-head")],
        &["Croucher Foundation and US National Park Service"],
    ),
    (
        "The Donald Trump-backed candidate won.",
        &[("Donald Trump", Person, "gazetteer:person")],
        &["Donald Trump-backed"],
    ),
    // titles stay out
    (
        "Senator Marco Rubio spoke.",
        &[("Marco Rubio", Person, "pattern:title-name")],
        &["Senator Marco Rubio"],
    ),
    (
        "President Trump had ordered it.",
        &[("Trump", Person, "pattern:title-name")],
        &["President Trump"],
    ),
    (
        "U.S. Secretary of State Rex Tillerson noted it.",
        &[("U.S.", Loc, "gazetteer:country"), ("Rex Tillerson", Person, "pattern:given-name")],
        &["Secretary of State"],
    ),
    (
        "Russian presidential spokesman Dmitry Peskov commented.",
        &[("Russian", Norp, "gazetteer:demonym"), ("Dmitry Peskov", Person, "pattern:title-name")],
        &[],
    ),
    // possessives stay out
    (
        "Russia’s Foreign Ministry responded.",
        &[("Russia", Loc, "gazetteer:country"), ("Foreign Ministry", Org, "pattern:org-head")],
        &["Russia’s"],
    ),
    ("breaking ISIS’ ability", &[("ISIS", Org, "gazetteer:armed-group")], &[]),
    // a known name wins over its parts
    (
        "backed the Syrian Democratic Forces (SDF), which",
        &[("Syrian Democratic Forces", Org, "gazetteer:armed-group"), ("SDF", Org, "gazetteer:armed-group")],
        &["Syrian"],
    ),
    // nested names are one entity: an unknown organisation by its head
    // word, and its acronym by definition
    (
        "backed the Zorblaxi Democratic Forces (ZXF), which",
        &[("Zorblaxi Democratic Forces", Org, "pattern:org-head"), ("ZXF", Org, "pattern:acronym-definition")],
        &["Zorblaxi"],
    ),
    (
        "a team from the Zorblax Institute of Technology and Quendar Valley State University",
        &[
            ("Zorblax Institute of Technology", Org, "pattern:org-head"),
            ("Quendar Valley State University", Org, "pattern:org-head"),
        ],
        &[],
    ),
    (
        "the ZBI and Quendar Internal Security Agency agreed",
        &[("Quendar Internal Security Agency", Org, "pattern:org-head")],
        &["ZBI and Quendar Internal Security Agency"],
    ),
    (
        "the Independent Electoral and Boundaries Commission met",
        &[("Independent Electoral and Boundaries Commission", Org, "pattern:org-head")],
        &[],
    ),
    (
        "Sales at Toyota Motor Europe rose, in Europe.",
        &[("Toyota Motor Europe", Org, "pattern:org-place"), ("Europe", Loc, "gazetteer:region")],
        &[],
    ),
    (
        "Fans came from Leeds, Bradford and York.",
        &[("Leeds", Loc, "gazetteer:city"), ("Bradford", Loc, "guess:place-in-list"), ("York", Loc, "gazetteer:city")],
        &[],
    ),
    (
        "Officers from Avon and Somerset police arrived. Yesterday police left.",
        &[("Avon and Somerset police", Org, "pattern:org-place-force")],
        &["Yesterday police"],
    ),
    (
        "a Terrorist Travel Working Group was created",
        &[("Terrorist Travel Working Group", Org, "pattern:org-head")],
        &[],
    ),
    (
        "the Ministry of Defence said",
        &[("Ministry of Defence", Org, "gazetteer:government-body")],
        &[],
    ),
    // an organisation's head continues through "of": "Ministry of …"
    (
        "the Ministry of Fisheries said",
        &[("Ministry of Fisheries", Org, "pattern:org-head")],
        &[],
    ),
    // U.S.
    (
        "according to a U.S. State Department bulletin",
        &[("U.S. State Department", Org, "gazetteer:government-body")],
        &["U.S."],
    ),
    ("the U.S.-led coalition", &[("U.S.", Loc, "gazetteer:country")], &[]),
    ("Kurdish-led group", &[("Kurdish", Norp, "gazetteer:demonym")], &[]),
    // acronyms in brackets
    (
        "battling Islamic State (IS, formerly ISIS/ISIL), Russia",
        &[
            ("Islamic State", Org, "gazetteer:armed-group"),
            ("IS", Org, "pattern:acronym-definition"),
            ("ISIS", Org, "gazetteer:armed-group"),
            ("ISIL", Org, "gazetteer:armed-group"),
            ("Russia", Loc, "gazetteer:country"),
        ],
        &[],
    ),
    // ordinals, one of, hyphenated modifiers
    (
        "the third meeting, one of many, a three-stage plan for 19-year-old recruits",
        &[],
        &["third", "one", "three", "19"],
    ),
    (
        "four countermeasures and 68 allies",
        &[("four", Number, "pattern:number-words"), ("68", Number, "pattern:number-digits")],
        &[],
    ),
    (
        "more than 100 million people",
        &[("100 million", Number, "pattern:number-digits")],
        &["more than 100 million"],
    ),
    (
        "it cost $5 million, 12% more, or 12 percent",
        &[
            ("$5 million", Number, "pattern:money"),
            ("12%", Number, "pattern:percent"),
            ("12 percent", Number, "pattern:percent"),
        ],
        &[],
    ),
    (
        "dozens of countries and thousands of fighters",
        &[("dozens", Number, "pattern:number-words"), ("thousands", Number, "pattern:number-words")],
        &[],
    ),
    (
        "The victim, aged 17, lived 70 miles away.",
        &[("17", Number, "pattern:number-digits"), ("70", Number, "pattern:number-digits")],
        &[],
    ),
    // dates
    (
        "In the last year, gains were made.",
        &[("the last year", Date, "pattern:date-relative")],
        &[],
    ),
    (
        "In late January, they met on Tuesday afternoon.",
        &[("late January", Date, "pattern:date-month"), ("Tuesday afternoon", Date, "pattern:date-weekday")],
        &[],
    ),
    (
        "It ends at the end of January 2017 after 25 years.",
        &[("the end of January 2017", Date, "pattern:date-month"), ("25 years", Date, "pattern:date-duration")],
        &[],
    ),
    (
        "for the next three months",
        &[("the next three months", Date, "pattern:date-relative")],
        &[],
    ),
    ("at 8:30 p.m. annually", &[], &["8:30", "8"]),
    (
        "Hearings on June 3 and 4 follow one last Friday and one in May of last year.",
        &[
            ("June 3 and 4", Date, "pattern:date-month"),
            ("last Friday", Date, "pattern:date-weekday"),
            ("May of last year", Date, "pattern:date-month"),
        ],
        &[],
    ),
    (
        "Prices rose in the late 1980s and the early 1990's.",
        &[("the late 1980s", Date, "pattern:date-year"), ("the early 1990's", Date, "pattern:date-year")],
        &[],
    ),
    ("Call (020) 7946 0958 for tickets.", &[], &["020", "7946", "0958"]),
    (
        "travel to Colombia March 4-7, 2015, after the Feb 15, 2023 briefing",
        &[("March 4-7, 2015", Date, "pattern:date-month"), ("Feb 15, 2023", Date, "pattern:date-month")],
        &[],
    ),
    (
        "every ten years and aged 8–10",
        &[("8–10", Number, "pattern:number-digits")],
        &["ten years"],
    ),
    // a title phrase before a comma does not make any word a name
    (
        "Under Secretary for Civilian Security, Democracy, and Human Rights Sarah Sewall",
        &[("Sarah Sewall", Person, "pattern:given-name")],
        &["Democracy"],
    ),
    (
        "across borders in West and Central Africa after North and South Korea met",
        &[
            ("West and Central Africa", Loc, "pattern:coordinated-place"),
            ("North and South Korea", Loc, "pattern:coordinated-place"),
        ],
        &["Central Africa"],
    ),
    (
        "exhibits at Skidmore College in Saratoga Springs, New York and in Kanata, Ontario",
        &[
            ("Saratoga Springs", Loc, "pattern:place-comma-region"),
            ("Kanata", Loc, "pattern:place-comma-region"),
            ("New York", Loc, "gazetteer:region"),
            ("Ontario", Loc, "gazetteer:region"),
        ],
        &[],
    ),
    (
        "owner of Studio 54 under the Terrorism Act 2000, within 48 hours, back in the sixties",
        &[("48 hours", Date, "pattern:date-duration"), ("the sixties", Date, "pattern:date-decade")],
        &["54", "2000"],
    ),
    (
        "Washington 28 state gathering 2017",
        &[("28", Number, "pattern:number-digits"), ("2017", Date, "pattern:date-year")],
        &[],
    ),
    ("Treasury Secretary Janet Yellen met the FCC Commissioner and the Independent Electoral and Boundaries Commission in Nairobi on Monday.", &[("Janet Yellen", Person, "gazetteer:person"), ("FCC", Org, "gazetteer:government-body"), ("Independent Electoral and Boundaries Commission", Org, "pattern:org-head")], &["Treasury"]),
    ("Andy Warhol was an artist. There are also Warhol Polaroid exhibits, said Mauer, a curator.", &[("Warhol", Person, "consistency:person"), ("Mauer", Person, "guess:name-beside-cue")], &["Warhol Polaroid"]),
    ("WHO say Iodine deficiency is serious.", &[], &["Iodine"]),
    // The surname of a guessed full name of three words is that person.
    ("The plan of Jusman Syafii Djamal was announced in Jakarta. Djamal is concerned about the ban.", &[("Jusman Syafii Djamal", Person, "guess:name"), ("Djamal", Person, "consistency:person")], &[]),
    // datelines
    ("MADRID — Senior diplomats met.", &[("MADRID", Loc, "pattern:dateline")], &[]),
    // generic mentions are not entities
    (
        "The coalition said the group would meet the King.",
        &[],
        &["coalition", "group", "King"],
    ),
    // leading "the" stays out of names
    (
        "reported by the Associated Press",
        &[("Associated Press", Org, "gazetteer:media")],
        &["the Associated Press"],
    ),
    // places by context
    (
        "near the town of Tabqa in Raqqa province",
        &[("Tabqa", Loc, "pattern:place-noun"), ("Raqqa", Loc, "gazetteer:city")],
        &["Raqqa province"],
    ),
    // NORP
    (
        "Nigerian officials and African members discussed Islam.",
        &[("Nigerian", Norp, "gazetteer:demonym"), ("African", Norp, "gazetteer:demonym"), ("Islam", Norp, "gazetteer:demonym")],
        &[],
    ),
    // document consistency: surname after full name
    (
        "Dmitry Peskov spoke first. Later, Peskov also noted it.",
        &[("Dmitry Peskov", Person, "pattern:given-name"), ("Peskov", Person, "consistency:person")],
        &[],
    ),
    // given name + unknown surname; middle initials
    (
        "co-chaired by Gregory D. LoGerfo, the coordinator",
        &[("Gregory D. LoGerfo", Person, "pattern:given-name")],
        &[],
    ),    // organisations no list knows, by their context
    (
        "Irish national airline Aer Lingus bought jets. Later, Aer Lingus sold two.",
        &[("Aer Lingus", Org, "pattern:org-noun-before"), ("Aer Lingus", Org, "consistency:same-name")],
        &[],
    ),
    (
        "The discount chains Aldous and Brimble cut prices.",
        &[("Aldous", Org, "pattern:org-noun-before"), ("Brimble", Org, "pattern:org-noun-before")],
        &["Aldous and Brimble"],
    ),
    (
        "Later, Ford's chief executive resigned and a Zentrix spokesperson declined to comment.",
        &[("Ford", Org, "pattern:org-cue-after"), ("Zentrix", Org, "pattern:org-cue-after")],
        &["Ford's"],
    ),
    (
        "Talks with the Canadian Auto Workers union failed.",
        &[("Canadian Auto Workers", Org, "pattern:org-cue-after")],
        &["Canadian", "Canadian Auto Workers union"],
    ),
    (
        "Investors bought shares of Quillcorp yesterday.",
        &[("Quillcorp", Org, "pattern:org-shares-of")],
        &[],
    ),
    (
        "Sites such as Gawker.com and Example.co.uk ran the video.",
        &[("Gawker.com", Org, "pattern:org-domain"), ("Example.co.uk", Org, "pattern:org-domain")],
        &["Gawker"],
    ),
    (
        "Under the agreement, Aer Lingus Group PLC said it would pay.",
        &[("Aer Lingus Group PLC", Org, "pattern:org-head")],
        &["Aer Lingus Group"],
    ),
    // British titles without a period stay out
    (
        "According to Mr Howard, the plan works.",
        &[("Howard", Person, "pattern:title-name")],
        &["Mr Howard"],
    ),
    // a verb, a generic word: not an organisation
    (
        "Later, Mauer shares the view, and a Government spokesman agreed.",
        &[],
        &["Mauer", "Government"],
    ),
];

#[test]
fn entity_rules() {
    let mut failures = Vec::new();
    for (text, want, not) in ENTITY_CASES {
        let doc = annotate(text);
        let got = ents(&doc);
        for (w, l, r) in *want {
            if !got.iter().any(|(g, gl, gr)| g == w && gl == l && gr == r) {
                failures.push(format!("{text:?}: missing {w:?} {l} by {r}; got {got:?}"));
            }
        }
        for n in *not {
            if got.iter().any(|(g, _, _)| g == n) {
                failures.push(format!(
                    "{text:?}: {n:?} must not be an entity; got {got:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// (text, quote text, speaker, cue, the rule that must have attributed it)
type QuoteCase = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

const QUOTE_CASES: &[QuoteCase] = &[
    ("“We will win,” said Marco Rubio.", "“We will win,”", Some("Marco Rubio"), Some("said"), "quote:cue-before-speaker"),
    // a description is its subject's words
    ("Susan Cohen thought of him as \"a mass murderer\".", "\"a mass murderer\"", Some("Susan Cohen"), Some("thought of"), "quote:cue-before"),
    // "she" never stands for a man by his given name
    ("Aretha Franklin sang at rallies. Later she met Martin Luther and toured with him. \"Not just me,\" she said.", "\"Not just me,\"", Some("Aretha Franklin"), Some("said"), "quote:pronoun"),
    // "the court said", "the federation said": the organisation named so
    // a quote the article never closes runs to the paragraph's end
    ("It is growing, he says. \"It had to show what the culture was and what it had to bring.\n\nShe left in 1999.", "\"It had to show what the culture was and what it had to bring.", None, None, "quote:continuation"),
    // an unknown name before "of" and an organisation, then the cue
    ("Dodds of Time Magazine points out, “Stoli seems a logical target for protests.”", "“Stoli seems a logical target for protests.”", Some("Dodds"), Some("points out"), "quote:speaker-before-cue"),
    // a text speaks for whoever issued it
    ("A new report from the World Bank says growth is slow. The report says, “Growth will pick up next year.”", "“Growth will pick up next year.”", Some("World Bank"), Some("says"), "quote:document-issuer"),
    ("The Zorblax Growers Federation released a report on Monday. “Prices fell,” the report said.", "“Prices fell,”", Some("Zorblax Growers Federation"), Some("said"), "quote:document-issuer"),
    ("Amnesty International's new report came out today. The report says, “Abuses continue in many places.”", "“Abuses continue in many places.”", Some("Amnesty International"), Some("says"), "quote:document-issuer"),
    // a text no one was said to issue: no speaker
    ("The report was published today. The report says, “Growth will pick up next year.”", "“Growth will pick up next year.”", None, Some("says"), "quote:cue-before"),
    // a paragraph that is only a quote, after a paragraph about a person
    ("Captain Robert Atkinson is with the National Guard. He leads a unit.\n\n\"The water has dropped a lot in the last few days.\"\n\nIt is hard to say more.", "\"The water has dropped a lot in the last few days.\"", Some("Robert Atkinson"), None, "quote:previous-paragraph-subject"),
    // not when that paragraph holds a quote of its own: its speaker goes on
    ("Captain Robert Atkinson met Mayor Jane Roe. \"We are fine,\" Roe said.\n\n\"The water has dropped a lot in the last few days.\"", "\"The water has dropped a lot in the last few days.\"", Some("Jane Roe"), None, "quote:continuation"),
    ("The Quendar High Court ruled on Monday. \"The appeal fails,\" the court said.", "\"The appeal fails,\"", Some("Quendar High Court"), Some("said"), "quote:role-noun"),
    ("The Zorblax Growers Federation met. \"It is an attack,\" the federation said.", "\"It is an attack,\"", Some("Zorblax Growers Federation"), Some("said"), "quote:role-noun"),
    // the one told is not the speaker; nor the one spoken to; a participle
    // after a comma takes the sentence's subject
    ("Susan Cohen, whose daughter died, thought of him as a man who \"deserved to die\", adding to CNN: \"I hope he suffers.\"", "\"deserved to die\"", Some("Susan Cohen"), Some("adding"), "quote:sentence-subject"),
    ("Jim Swire, whose daughter died, described the death as \"a sad time\", telling the BBC he was \"satisfied\".", "\"a sad time\"", Some("Jim Swire"), Some("described"), "quote:cue-before"),
    ("The Quendar Ministry of Health met Zorblax Corp. “It is fine,” the ministry said.", "“It is fine,”", Some("Quendar Ministry of Health"), Some("said"), "quote:role-noun"),
    ("Zorblax Corp met the Quendar Ministry of Health. “We agree,” the company said.", "“We agree,”", Some("Zorblax Corp"), Some("said"), "quote:role-noun"),
    ("Humberside police said “the road is closed”.", "“the road is closed”", Some("Humberside police"), Some("said"), "quote:cue-before"),
    ("“We will win,” Rubio said. Marco Rubio is a senator.", "“We will win,”", Some("Marco Rubio"), Some("said"), "quote:speaker-before-cue"),
    ("Dmitry Peskov said: “It is over.”", "“It is over.”", Some("Dmitry Peskov"), Some("said"), "quote:cue-before"),
    ("According to Human Rights Watch, “the deaths were avoidable.”", "“the deaths were avoidable.”", Some("Human Rights Watch"), Some("According to"), "quote:according-to"),
    ("\"The day is here,\" said Al Jazeera’s Patty Culhane.", "\"The day is here,\"", Some("Patty Culhane"), Some("said"), "quote:cue-before-speaker"),
    ("“It was the right call,” said Morocco Minister Delegate of Foreign Affairs, Nasser Bourita.", "“It was the right call,”", Some("Nasser Bourita"), Some("said"), "quote:cue-before-speaker"),
    ("Ned Price briefed reporters. “We are concerned,” Price said.", "“We are concerned,”", Some("Ned Price"), Some("said"), "quote:speaker-before-cue"),
    ("Boris Johnson arrived. ‘We will stand with Ukraine,’ said Johnson.", "‘We will stand with Ukraine,’", Some("Boris Johnson"), Some("said"), "quote:cue-before-speaker"),
    ("„Wir schaffen das“, said Angela Merkel.", "„Wir schaffen das“", Some("Angela Merkel"), Some("said"), "quote:cue-before-speaker"),
    ("Emmanuel Macron left. The ministry said it was “deeply concerned” by the reports.", "“deeply concerned”", None, Some("said"), "quote:cue-before"),
    ("“It’s not over yet,” Zelensky told CNN’s Fareed Zakaria.", "“It’s not over yet,”", Some("Zelensky"), Some("told"), "quote:speaker-before-cue"),
    ("Spokesperson Wang Wenbin said Beijing “firmly opposes” the sanctions and would “take necessary measures”.", "“take necessary measures”", Some("Wang Wenbin"), Some("said"), "quote:same-sentence"),
    ("Mark Rathbun asked for money to help Daniel Montalvo. He described him as “a man facing prison for leaving”.", "“a man facing prison for leaving”", Some("Mark Rathbun"), Some("described"), "quote:pronoun"),
    ("The report’s authors say iodine deficiency is “the sleeper health issue in Australia”, and serious.", "“the sleeper health issue in Australia”", None, Some("say"), "quote:cue-before"),
    ("Aer Lingus spokesperson Dermot Mannion told John Smith the deal was done. “We are ready,” he said.", "“We are ready,”", Some("Dermot Mannion"), Some("said"), "quote:pronoun"),
    ("Ms Jones met the press. Later Mr Smith arrived. “We are ready,” she said.", "“We are ready,”", Some("Jones"), Some("said"), "quote:pronoun"),
    ("Angela Merkel arrived late. “We are ready,” she said.", "“We are ready,”", Some("Angela Merkel"), Some("said"), "quote:pronoun"),
    // A title on any mention of a person gives the person's gender; "she"
    // never stands for a man, even when no woman is near.
    ("Mr Brown spoke first. Mary Jones arrived. Brown left. “We are ready,” she said.", "“We are ready,”", Some("Mary Jones"), Some("said"), "quote:pronoun"),
    ("Mr Brown spoke first. “We are ready,” she said.", "“We are ready,”", None, Some("said"), "quote:pronoun"),
    ("«Nous sommes prêts», a déclaré le ministre, said Emmanuel Macron.", "«Nous sommes prêts»", Some("Emmanuel Macron"), Some("said"), "quote:cue-before-speaker"),
    // A name after a preposition is an object, not the subject.
    ("Peter Boockvar, an equity strategist for Miller Tabak, commented: “The market is realizing it.”", "“The market is realizing it.”", Some("Peter Boockvar"), Some("commented"), "quote:cue-before"),
    ("Chief executive Steve Ballmer expressed condolences for Jobs and described him as “a true visionary”.", "“a true visionary”", Some("Steve Ballmer"), Some("described"), "quote:cue-before"),
    // "…, and said it was “…”": the coordinated verb shares the subject.
    ("Shadow Home Secretary Yvette Cooper said her party has supported the idea “for months”, and said it was “damning that nothing was done”.", "“for months”", Some("Yvette Cooper"), Some("said"), "quote:cue-before"),
    ("Shadow Home Secretary Yvette Cooper said her party has supported the idea “for months”, and said it was “damning that nothing was done”.", "“damning that nothing was done”", Some("Yvette Cooper"), Some("said"), "quote:cue-before"),
    // A participle after a comma takes the sentence's subject.
    ("Steve Jobs acknowledged that “a small percentage of users” had problems with the antenna of the new phone, but dismissed the existence of a wider problem, saying the issue “has been blown out of proportion.”", "“has been blown out of proportion.”", Some("Steve Jobs"), Some("saying"), "quote:sentence-subject"),
    // No verb of saying: the subject of the quote's own sentence.
    ("Anthony Mann spoke first.\n\nAfter the case Apple CEO Steve Jobs extended an invitation to the label, “we have always loved the Beatles and we hope to work together”.", "“we have always loved the Beatles and we hope to work together”", Some("Steve Jobs"), None, "quote:sentence-subject"),
    // An acronym speaker is the organisation its initials spell; a short
    // organisation name the longer one that ends with it.
    ("Workers at the plant belong to the United Auto Workers union. The UAW said: “The workers face uncertain futures.”", "“The workers face uncertain futures.”", Some("United Auto Workers"), Some("said"), "quote:cue-before"),
    ("The United Kingdom Home Office wrote to them. The Home Office said: “We may extend it.”", "“We may extend it.”", Some("United Kingdom Home Office"), Some("said"), "quote:cue-before"),
    // A fragment after a verb of naming is the subject's words; right after
    // the verb with no speaker before, a name.
    ("The mayor, Jane Roe, dubbed it \"historic\" on Monday.", "\"historic\"", Some("Jane Roe"), Some("dubbed"), "quote:cue-before"),
    ("Jane Roe branded the plan a \"disgrace\" on Monday.", "\"disgrace\"", Some("Jane Roe"), Some("branded"), "quote:cue-before"),
    ("Mr Howard claims that the \"iconic\" car will stay.", "\"iconic\"", Some("Howard"), Some("claims"), "quote:cue-before"),
    // A surname a letter or two off that of a person named in full is that
    // person; further off, another person.
    ("Lydia Buchtmann spoke for the agency. “We will look at it,” Ms Bauchtman said.", "“We will look at it,”", Some("Lydia Buchtmann"), Some("said"), "quote:misspelt-speaker"),
    ("Analyst Dennis DesRosier spoke. DesRoiser said, “The plant is old.”", "“The plant is old.”", Some("Dennis DesRosier"), Some("said"), "quote:misspelt-speaker"),
    ("Curator Kathryn Waters spoke. “He was such a personality”, Water said.", "“He was such a personality”", Some("Kathryn Waters"), Some("said"), "quote:misspelt-speaker"),
    // A role noun is the person introduced in that role, else no one; an
    // indefinite one ("one poster") is no one.
    ("Mary Smith, the club's manager, arrived. Later John Brown came. “We were unlucky,” the manager said.", "“We were unlucky,”", Some("Mary Smith"), Some("said"), "quote:role-person"),
    ("Manager Mary Smith arrived with John Brown. The manager said: “We were unlucky.”", "“We were unlucky.”", Some("Mary Smith"), Some("said"), "quote:role-person"),
    ("“He was kind,” the widow said after meeting John Brown.", "“He was kind,”", None, Some("said"), "quote:cue-after"),
    ("After meeting John Brown, the widow said: “He was kind.”", "“He was kind.”", None, Some("said"), "quote:cue-before"),
    ("Critics attacked the website of the Quendar Ministry of Health, with one poster writing “How can people look at both sides?”", "“How can people look at both sides?”", None, Some("writing"), "quote:cue-before"),
    ("Lydia Buchtmann spoke for the agency. “We will look at it,” Mr Bachman said.", "“We will look at it,”", Some("Bachman"), Some("said"), "quote:speaker-before-cue"),
    // Two people joined by "and" before the cue: the first speaks for both.
    ("UAW President Ron Gettelfinger and Vice President Gerald Bantom said the plan is “extremely disappointing.”", "“extremely disappointing.”", Some("Ron Gettelfinger"), Some("said"), "quote:cue-before"),
    ("“It is a bad plan,” Ron Gettelfinger and Gerald Bantom said.", "“It is a bad plan,”", Some("Ron Gettelfinger"), Some("said"), "quote:speaker-before-cue"),
    // A possessor after the cue is whose words are reported about, not who
    // says them: the verb shares the previous quote's speaker.
    ("His brother Mohammed Smith claimed “there was no proof” and said Abdel Smith's “pain is over now”.", "“pain is over now”", Some("Mohammed Smith"), Some("said"), "quote:same-sentence"),
    // "the government" is a government body named before; "promising",
    // "recommending" attribute.
    ("The United Kingdom Home Office sent the forms. The form, of 40 questions, \"must be completed in English\", the government recommending \"online translation tools\" if needed.", "\"online translation tools\"", Some("United Kingdom Home Office"), Some("recommending"), "quote:role-noun"),
    ("Sunak defended the record whilst promising a \"formal update\" soon.", "\"formal update\"", Some("Sunak"), Some("promising"), "quote:cue-before"),
    // A verb of saying after "and" shares the sentence's subject, past
    // "later", "then": not the object of the first verb.
    ("Prime Minister Benjamin Netanyahu in a tweet congratulated Netta Barzilai after her victory and said, “You brought a lot of honour to Israel!”", "“You brought a lot of honour to Israel!”", Some("Benjamin Netanyahu"), Some("said"), "quote:cue-before"),
    ("Lawmaker Emmett O'Brien replied to Boylan saying “So much hate” and later added, “Will you condemn it?”", "“Will you condemn it?”", Some("Emmett O'Brien"), Some("added"), "quote:same-sentence"),
    // A law's text "states" with no one named: no speaker, not the last
    // quote's.
    ("“I am innocent,” said Danny Fitzsimons.\n\nThe Constitution of Iraq states in Article 19 “the accused is innocent until proven guilty in a fair legal trial.”", "“the accused is innocent until proven guilty in a fair legal trial.”", None, Some("states"), "quote:cue-before"),
    // A cue before a colon and the next quote introduces that quote, not
    // the title before it.
    ("A statement on the website, next to the text “Steve Jobs 1955-2011”, states: “Apple has lost a visionary and creative genius.”", "“Apple has lost a visionary and creative genius.”", None, Some("states"), "quote:cue-before"),
    // A quote with no cue after a sentence in which "the organization"
    // reports speech: that organisation, not the last quote's speaker.
    ("Hassiba Sahraoui said: “It must stop.”\n\nIn a release from Amnesty International, the organization said that the authorities were hiding information. “It is shocking that journalists are detained.”", "“It is shocking that journalists are detained.”", Some("Amnesty International"), None, "quote:role-noun"),
];

#[test]
fn quote_rules() {
    let mut failures = Vec::new();
    for (text, quote, speaker, cue, rule) in QUOTE_CASES {
        let doc = annotate(text);
        let Some(q) = doc
            .quotes
            .iter()
            .find(|q| doc.slice(q.start, q.end) == *quote)
        else {
            failures.push(format!(
                "{text:?}: no quote {quote:?}; got {:?}",
                doc.quotes
                    .iter()
                    .map(|q| doc.slice(q.start, q.end))
                    .collect::<Vec<_>>()
            ));
            continue;
        };
        let got_speaker = q.speaker.as_ref().map(|s| s.name.as_str());
        if got_speaker != *speaker {
            failures.push(format!(
                "{text:?}: speaker {got_speaker:?}, want {speaker:?}"
            ));
        }
        let got_cue = q.cue.as_ref().map(|c| doc.slice(c.start, c.end));
        if got_cue != *cue {
            failures.push(format!("{text:?}: cue {got_cue:?}, want {cue:?}"));
        }
        if q.rule != *rule {
            failures.push(format!("{text:?}: attributed by {}, want {rule}", q.rule));
        }
        if q.candidates.is_empty() && speaker.is_some() {
            failures.push(format!("{text:?}: no candidate speakers"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn quote_marks_and_scare_quotes() {
    // Apostrophes never open a quote; an unclosed mark does not swallow the
    // article; scare quotes without a speaker are not quotes.
    let text = "It’s the group’s ‘plan’, which failed.\n“This never closes\n\nThe next paragraph is plain. The so-called “peace plan” failed.\n“Split quotes,” he said, “count twice.”";
    let doc = annotate(text);
    let quotes: Vec<&str> = doc
        .quotes
        .iter()
        .map(|q| doc.slice(q.start, q.end))
        .collect();
    assert_eq!(quotes, ["“Split quotes,”", "“count twice.”"], "{quotes:?}");
    // Terms and titles in marks are not quotes, even near a cue.
    let doc = annotate("He said the print called “Cowboys and Indians” sold, adding the words “and Emergency” to the name.");
    assert!(doc.quotes.is_empty(), "{:?}", doc.quotes);
    let doc = annotate(
        "He bought a print dubbed “Cowboys and Indians” and shirts branded “Acme” in 1986.",
    );
    assert!(doc.quotes.is_empty(), "{:?}", doc.quotes);
    // A short title-case stretch after "the", "an", "on" names something.
    let doc = annotate("Steve Jobs announced that the “Lion” release will ship, but dismissed an “Antennagate,” saying it was fine. Microsoft says on “The Internet Explorer 6 Countdown”.");
    assert!(doc.quotes.is_empty(), "{:?}", doc.quotes);
    // "States" in a name is no verb of saying; a title before "states:" is
    // no quote.
    let doc = annotate("Collections across the United States also include Polaroids of “unknowns” who were never famous. The page shows the text “Steve Jobs 1955-2011”, states: “Apple has lost a visionary.”");
    let quotes: Vec<&str> = doc
        .quotes
        .iter()
        .map(|q| doc.slice(q.start, q.end))
        .collect();
    assert_eq!(quotes, ["“Apple has lost a visionary.”"], "{quotes:?}");
    let doc = annotate("Donald Trump told reporters what he called “fake news” was wrong.");
    assert_eq!(doc.quotes.len(), 1);
    // A quote continued in the next paragraph crosses the break.
    let doc = annotate("“First part of a long statement from the minister.\n\n“And the second part, which ends here,” said Emmanuel Macron.");
    assert_eq!(doc.quotes.len(), 1);
    assert_eq!(
        doc.quotes[0].speaker.as_ref().unwrap().name,
        "Emmanuel Macron"
    );
    // Continuation quotes keep the speaker, without a cue.
    let doc = annotate("“The meeting went well,” said Nasser Bourita. “It is a multidimensional approach with many parts.”");
    assert_eq!(doc.quotes.len(), 2);
    assert_eq!(
        doc.quotes[1].speaker.as_ref().unwrap().name,
        "Nasser Bourita"
    );
    assert!(doc.quotes[1].cue.is_none());
}

#[test]
fn every_annotation_has_provenance() {
    let doc =
        annotate("“We will win,” said Marco Rubio in Washington on Tuesday, citing 68 allies.");
    assert!(!doc.entities.is_empty());
    for e in &doc.entities {
        assert!(e.rule.contains(':'), "{e:?}");
    }
    for q in &doc.quotes {
        assert!(q.rule.starts_with("quote:"), "{q:?}");
    }
}
