"""Demo organisations (real ISO 3166 codes and ITU regions; companies and NGOs are fictional)
and the demo users, one line each."""

from dataclasses import dataclass

PASSWORD = "concord-demo"


@dataclass(frozen=True)
class Org:
    """A demo organisation; `key` names it in code and in delegate usernames."""

    key: str
    name: str
    kind: str
    country: str = ""
    region: str = ""


@dataclass(frozen=True)
class Person:
    """A demo user: roles are the API's role names; `org` is an Org key."""

    username: str
    first_name: str
    last_name: str
    org: str
    roles: tuple[str, ...] = ()
    focal_point: bool = False
    superuser: bool = False


def _state(country: str, name: str, region: str) -> Org:
    return Org(country.lower(), name, "member_state", country, region)


ORGANISATIONS = (
    _state("KE", "Kenya", "africa"),
    _state("NG", "Nigeria", "africa"),
    _state("GH", "Ghana", "africa"),
    _state("ZA", "South Africa", "africa"),
    _state("RW", "Rwanda", "africa"),
    _state("BR", "Brazil", "americas"),
    _state("CA", "Canada", "americas"),
    _state("MX", "Mexico", "americas"),
    _state("EG", "Egypt", "arab_states"),
    _state("AE", "United Arab Emirates", "arab_states"),
    _state("TN", "Tunisia", "arab_states"),
    _state("IN", "India", "asia_pacific"),
    _state("AU", "Australia", "asia_pacific"),
    _state("JP", "Japan", "asia_pacific"),
    _state("PH", "Philippines", "asia_pacific"),
    _state("KZ", "Kazakhstan", "cis"),
    _state("AM", "Armenia", "cis"),
    _state("FR", "France", "europe"),
    _state("DE", "Germany", "europe"),
    _state("SE", "Sweden", "europe"),
    _state("EE", "Estonia", "europe"),
    Org("brightwave", "Brightwave Mobile Group", "sector_member"),
    Org("playforge", "Playforge Interactive", "sector_member"),
    Org("northstar", "Northstar Social Networks", "sector_member"),
    Org("kinetic", "Kinetic Cloud Services", "sector_member"),
    Org("cdcr", "Centre for Digital Childhood Research", "academia"),
    Org("iossu", "Institute for Online Safety Studies", "academia"),
    Org("scn", "Safe Childhood Network", "civil_society"),
    Org("drca", "Digital Rights of the Child Alliance", "civil_society"),
    Org("helplines", "Federation of Child Helplines", "civil_society"),
    Org("youth", "COP Youth Advisory Panel", "youth"),
    Org("secretariat", "COP Secretariat", "secretariat"),
)

# Delegates' names, one per organisation key (and a second delegate where a focal point exists).
_DELEGATE_NAMES = {
    "ke": ("Wanjiru", "Kamau"),
    "ng": ("Chinedu", "Okeke"),
    "gh": ("Akosua", "Boateng"),
    "za": ("Thandiwe", "Nkosi"),
    "rw": ("Jean-Paul", "Habimana"),
    "br": ("Mariana", "Souza"),
    "ca": ("Owen", "Tremblay"),
    "mx": ("Diego", "Hernández"),
    "eg": ("Nour", "El-Sayed"),
    "ae": ("Fatima", "Al Mansoori"),
    "tn": ("Youssef", "Ben Ali"),
    "in": ("Ananya", "Iyer"),
    "au": ("Liam", "O'Connor"),
    "jp": ("Yui", "Tanaka"),
    "ph": ("Jose", "Santos"),
    "kz": ("Aigerim", "Nurlanovna"),
    "am": ("Armen", "Petrosyan"),
    "fr": ("Camille", "Moreau"),
    "de": ("Jonas", "Becker"),
    "se": ("Astrid", "Lindqvist"),
    "ee": ("Kadri", "Tamm"),
    "brightwave": ("Rachel", "Kim"),
    "playforge": ("Marco", "Bianchi"),
    "northstar": ("Hannah", "Schulz"),
    "kinetic": ("David", "Osei"),
    "cdcr": ("Sofia", "Rossi"),
    "iossu": ("Tomás", "Navarro"),
    "scn": ("Grace", "Mwangi"),
    "drca": ("Leila", "Haddad"),
    "helplines": ("Pieter", "de Vries"),
    "youth": ("Maya", "Kapoor"),
}
# Member states whose delegation has a focal point (who alone submits) and a second delegate.
FOCAL_POINT_STATES = {
    "ke": ("Brian", "Otieno"),
    "br": ("Lucas", "Pereira"),
    "fr": ("Julien", "Lefèvre"),
    "in": ("Rohan", "Mehta"),
}


def _people() -> tuple[Person, ...]:
    people = [
        Person("admin", "Ada", "Admin", "secretariat", superuser=True),
        Person("coordinator", "Samuel", "Mensah", "secretariat", ("coordinator",)),
        Person("editor-children", "Amara", "Okafor", "secretariat", ("editor",)),
        Person("editor-parents", "Lucía", "Fernández", "secretariat", ("editor",)),
        Person("editor-industry", "Kenji", "Watanabe", "secretariat", ("editor",)),
        Person("editor-policy", "Ingrid", "Larsen", "secretariat", ("editor",)),
        Person("approver-1", "Priya", "Raman", "secretariat", ("approver",)),
        Person("approver-2", "Omar", "Haddad", "secretariat", ("approver",)),
        Person("approver-3", "Elena", "Popescu", "secretariat", ("approver",)),
    ]
    for key, (first, last) in _DELEGATE_NAMES.items():
        focal = key in FOCAL_POINT_STATES
        people.append(Person(f"delegate-{key}", first, last, key, ("delegate",), focal))
        if focal:
            first2, last2 = FOCAL_POINT_STATES[key]
            people.append(Person(f"delegate-{key}-2", first2, last2, key, ("delegate",)))
    return tuple(people)


PEOPLE = _people()
