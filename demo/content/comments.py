"""Templates from which the demo comments, replies and dispositions are generated.

Placeholders: {heading} (section heading, lower case), {number} (section number), {quote} (the
anchored passage). Each comment joins an opener that fits the organisation's kind, a body and
sometimes a closing sentence, so a few dozen templates give a few hundred distinct comments.
"""

OPENERS = {
    "member_state": (
        "Our national regulator has considered this text closely.",
        "The delegation welcomes the direction of this section.",
        "This comment reflects consultations held with our ministries of education and justice.",
        "Our national child protection strategy addresses this point.",
        "Following a workshop with national stakeholders, we offer the following observation.",
        "",
    ),
    "sector_member": (
        "From an implementation standpoint, this section raises practical questions.",
        "Our trust and safety teams reviewed this passage.",
        "As a provider operating in many jurisdictions, we would like to note the following.",
        "",
    ),
    "academia": (
        "The research evidence on this point is more nuanced than the text suggests.",
        "Recent longitudinal studies are relevant here.",
        "Our centre has published work on this question and offers the following.",
        "",
    ),
    "civil_society": (
        "Frontline organisations in our network report a recurring problem here.",
        "Speaking from the experience of helpline counsellors, we would add the following.",
        "Our members working with children in care raised this point.",
        "",
    ),
    "youth": (
        "Young people on our panel discussed this section in three sessions.",
        "Members of the youth panel felt strongly about this point.",
        "",
    ),
}

CLOSERS = (
    "",
    "",
    "We would be glad to share examples from our experience.",
    "We are happy to provide references.",
    "This would make the guidance easier to apply in practice.",
    "Other delegations may have similar experience.",
)

# (body, proposed change); general comments on a whole section (no anchor needed).
GENERAL = (
    (
        "The section on {heading} reads well but would benefit from concrete examples drawn "
        "from countries with limited connectivity, where children often share a single device.",
        "Add a short box with two or three examples from low-connectivity settings.",
    ),
    (
        "Section {number} does not mention children with disabilities, who may face both "
        "greater risks and greater benefits online.",
        "Add a paragraph on accessibility and on the specific risks faced by children with "
        "disabilities.",
    ),
    (
        "The guidance on {heading} should be cross-referenced with the corresponding section "
        "of the other guideline sets so that readers see a consistent message.",
        "Add cross-references to the parallel sections of the other guidelines.",
    ),
    (
        "We support section {number} as drafted and see no need for changes.",
        "",
    ),
    (
        "The text on {heading} is written for high-income contexts; the recommended measures "
        "may not be affordable for smaller providers or administrations.",
        "Distinguish minimum measures from good practice, so that every reader can start "
        "somewhere.",
    ),
    (
        "The section would be stronger if it said how progress on {heading} can be measured.",
        "Add one or two indicators that readers can use to check whether the measures work.",
    ),
    (
        "Children were not visibly consulted on the content of section {number}; their views "
        "should be reflected, especially on {heading}.",
        "Summarise the input of the youth consultation in a short note at the end of the section.",
    ),
    (
        "The balance between protection and participation in section {number} is good, but the "
        "text could say more clearly that restrictions must be necessary and proportionate.",
        "Insert a sentence on necessity and proportionality of protective measures.",
    ),
    (
        "Several terms used in the section on {heading} are not defined in the glossary.",
        "Add the missing terms to the glossary or define them on first use.",
    ),
)

# General comments on the guideline as a whole (no section).
GENERAL_WHOLE = (
    (
        "The guideline as a whole is well structured, but it would help readers to have a "
        "one-page summary of the key recommendations at the beginning.",
        "Add an executive summary listing the main recommendations.",
    ),
    (
        "The guideline should be cross-referenced with the other guideline sets of the family "
        "so that readers see a consistent message.",
        "Add cross-references to the parallel guidance for the other audiences.",
    ),
    (
        "We recommend that the guideline be reviewed every three years, given how quickly "
        "services and risks change.",
        "Add a review clause at the end of the guideline.",
    ),
)

# Technical comments on an anchored passage.
TECHNICAL = (
    (
        "The passage \u201c{quote}\u201d does not say who is responsible for acting on it. "
        "Without a named actor, the recommendation is unlikely to be implemented.",
        "Name the responsible actor (for example the service provider or the national "
        "coordinating body) in this sentence.",
    ),
    (
        "\u201c{quote}\u201d: the evidence base for this statement should be cited.",
        "Add a reference to recent research or to data from helplines and hotlines.",
    ),
    (
        "The statement \u201c{quote}\u201d is too absolute. There are legitimate situations, for "
        "example in emergencies or for older adolescents, where a different approach applies.",
        "Qualify the statement with \u201cas a rule\u201d and describe the main exceptions.",
    ),
    (
        "We are concerned that \u201c{quote}\u201d could be read as requiring general monitoring "
        "of private communications, which would conflict with privacy law in our jurisdiction.",
        "Clarify that the measure applies to public or reported content and respects "
        "applicable privacy law.",
    ),
    (
        "The sentence \u201c{quote}\u201d should also cover live-streaming and voice chat, which "
        "are now among the main channels where children are contacted.",
        "Extend the sentence to cover live-streaming and voice chat explicitly.",
    ),
    (
        "\u201c{quote}\u201d sets no timeframe. Experience shows that measures without deadlines "
        "are deferred indefinitely.",
        "Add an indicative timeframe, such as \u201cwithin 24 hours\u201d or \u201cwithin one "
        "year of adoption\u201d.",
    ),
    (
        "The passage \u201c{quote}\u201d conflicts with the approach in section 3 of the guideline "
        "for policy-makers, which treats the same question differently.",
        "Align the two texts, or explain why the guidance differs for this audience.",
    ),
    (
        "\u201c{quote}\u201d omits the role of internet service providers and app stores, which "
        "are important points of control.",
        "Add internet service providers and app stores to the list of actors concerned.",
    ),
    (
        "The recommendation in \u201c{quote}\u201d may be difficult for small and medium-sized "
        "providers to implement without shared tools.",
        "Encourage industry associations to develop shared tools and make them available to "
        "smaller providers at low or no cost.",
    ),
    (
        "We suggest that \u201c{quote}\u201d also mention the need for data to be disaggregated by "
        "age and gender.",
        "Add \u201cdisaggregated by age and gender where possible\u201d.",
    ),
)

# Editorial comments: wording, clarity, consistency.
EDITORIAL = (
    (
        "\u201c{quote}\u201d is a long sentence that children and non-native readers may find "
        "hard to follow.",
        "Split the sentence in two and use plainer words.",
    ),
    (
        "Inconsistent terminology: \u201c{quote}\u201d uses a different term from the glossary.",
        "Use the glossary term consistently throughout the section.",
    ),
    (
        "Typographical: check the punctuation of \u201c{quote}\u201d.",
        "Revise the punctuation.",
    ),
    (
        "The phrase \u201c{quote}\u201d would read better in the active voice.",
        "Rephrase in the active voice, naming who does what.",
    ),
    (
        "\u201c{quote}\u201d could be shortened without loss of meaning.",
        "Shorten this passage.",
    ),
    (
        "For translation into the six official languages, \u201c{quote}\u201d contains an idiom "
        "that may not translate well.",
        "Replace the idiom with a literal expression.",
    ),
    (
        "Consider moving \u201c{quote}\u201d to the beginning of the section, as it states "
        "the main point.",
        "Move this passage to the first paragraph.",
    ),
)

# A campaign: many organisations send nearly the same text (the basis of `duplicate`).
CAMPAIGN_SECTION = "3.2"  # age assurance, in the industry guideline
CAMPAIGN_QUOTE = "No single method suits every context."
CAMPAIGN_BODY = (
    "We {urge} the editors to state {clearly} that age assurance must never require children "
    "to upload identity documents or biometric data to a platform, and that privacy-preserving "
    "methods must be {preferred} whenever they achieve the required level of assurance."
)
CAMPAIGN_VARIANTS = {
    "urge": ("urge", "strongly urge", "call on", "ask"),
    "clearly": ("clearly", "explicitly", "in plain terms", "clearly and explicitly"),
    "preferred": ("preferred", "the default", "used first", "prioritised"),
}
CAMPAIGN_PROPOSAL = (
    "Add: \u201cServices must not require children to provide identity documents or biometric "
    "data to a platform; privacy-preserving age assurance methods take precedence.\u201d"
)

EDITOR_QUESTIONS = (
    "Thank you for this comment. Could you point us to the research you mention, so that we "
    "can cite it accurately?",
    "Could you clarify whether your proposal is meant to apply to all services or only to "
    "those designed for children?",
    "We are considering a shorter formulation. Would it address your concern if the sentence "
    "only named the responsible actor?",
    "Is this concern shared by other ministries in your country, or is it specific to the "
    "regulator?",
)
DELEGATE_ANSWERS = (
    "Thank you. We will send the references to the secretariat by e-mail this week.",
    "Our proposal is meant for all services likely to be used by children, not only those "
    "designed for them.",
    "Yes, naming the responsible actor would be sufficient for us.",
    "The position was agreed between ministries, so it reflects the national view.",
)

RATIONALES = {
    "accepted": (
        "",
        "Agreed; the text has been revised accordingly.",
    ),
    "partially_accepted": (
        "The main point is accepted; the proposed wording was shortened to keep the section "
        "readable.",
        "Accepted for services designed for children; the broader scope is covered in another "
        "section.",
        "Partly reflected: an example was added, but the list of actors stays as it is.",
    ),
    "rejected": (
        "The guideline deliberately avoids prescribing a single technical solution.",
        "This is outside the scope of this guideline set; it is addressed in the guideline for "
        "policy-makers.",
        "The proposed change would conflict with the consensus reached in the expert group.",
    ),
    "noted": (
        "Noted; the point will be considered in the next revision cycle.",
        "Noted with thanks; the secretariat will take it into account in the companion "
        "training materials.",
        "Noted. The section already supports this reading; no change needed.",
    ),
    "duplicate": ("Same point as an earlier comment; see its disposition.",),
}
