"""Demo text of the guideline set for policy-makers (written for Concord, not published text)."""

from ..text import GuidelineText, Revision, section

SECTIONS = (
    section(
        "Introduction",
        """
        Governments carry the primary responsibility for protecting children's rights,
        including in the digital environment. Effective protection depends on laws,
        institutions, skills and cooperation that few ministries can deliver alone.

        These guidelines help policy-makers design a national approach to child online
        protection that is coordinated, grounded in evidence and respectful of children's
        rights to participation, information and privacy as well as protection.
        """,
        section(
            "Purpose",
            """
            The guidelines offer a structure for developing or reviewing a national strategy,
            with checklists that can be adapted to each country's legal system, institutions
            and level of digital development. They draw on the experience of countries in
            every region.

            They are not a model law. Countries are encouraged to use them as a starting point
            for national dialogue involving all relevant ministries, regulators, industry,
            civil society, academia and children themselves.
            """,
        ),
        section(
            "The national context",
            """
            A strategy must start from an honest picture of the country: how and where
            children go online, which devices and services they use, what harms are reported
            and which institutions already hold responsibilities. In many countries mobile
            connectivity has grown faster than the services that support children offline.

            National surveys of children and parents, data from helplines and hotlines, and
            reports from law enforcement can together provide a baseline against which
            progress is later measured.
            """,
        ),
    ),
    section(
        "A national strategy",
        """
        A national strategy turns commitments into coordinated action. It sets objectives,
        assigns responsibilities, identifies resources and explains how results will be
        measured. It should be adopted at a high political level to give it weight across
        government.
        """,
        section(
            "Governance and coordination",
            """
            One body should be clearly responsible for coordinating the strategy, with a
            mandate that spans the ministries responsible for communications, justice,
            interior, education, health and social affairs. Where such a body does not yet
            exist, an inter-ministerial committee with a small secretariat is a practical
            first step.

            The coordinating body should report regularly to the government and to
            parliament, publish its work plan and involve non-governmental stakeholders
            through a standing advisory group.
            """,
        ),
        section(
            "Stakeholder mapping",
            """
            Mapping who does what avoids duplication and reveals gaps. The map should cover
            public authorities, regulators, industry including local providers, child rights
            organisations, helplines, hotlines, schools, health services and research
            institutions.

            Children and young people should be recognised as stakeholders in their own
            right. Youth councils and child participation mechanisms can be involved in
            setting priorities and reviewing progress.
            """,
        ),
        section(
            "Monitoring and evaluation",
            """
            Each objective of the strategy should come with indicators, a baseline and a
            target. Indicators may include the proportion of schools teaching digital
            literacy, the time taken to remove reported abuse material and the share of
            children who know where to seek help.

            An independent evaluation mid-way through the strategy period allows adjustment.
            Results should be published so that the public, including children, can hold
            institutions to account.
            """,
        ),
    ),
    section(
        "Legal and regulatory framework",
        """
        Laws define what is prohibited, who must act and what remedies exist. A review of the
        national framework should check that it covers current technologies and practices,
        that it is consistent with international standards, and that it protects children
        without unduly restricting their rights.
        """,
        section(
            "Criminal law",
            """
            Criminal law should prohibit the production, distribution, possession and
            accessing of child sexual abuse material, the solicitation of children for sexual
            purposes, and sexual extortion, regardless of the technology used. Definitions
            should cover computer-generated and manipulated material.

            Children who share images of themselves or their peers should be treated first as
            children in need of support, not as offenders. Laws and prosecution guidelines
            should reflect this.
            """,
        ),
        section(
            "Data protection for children",
            """
            Data protection law should give children's personal data special protection,
            limit profiling and targeted advertising directed at children, and require that
            information addressed to children is clear and adapted to their age.

            The data protection authority should have the resources and mandate to issue
            guidance on services used by children and to enforce it. Codes of practice
            developed with industry can translate principles into concrete design
            requirements.
            """,
        ),
        section(
            "Regulation of online services",
            """
            An increasing number of countries impose duties of care on online services,
            requiring them to assess and mitigate risks to children, to offer effective
            reporting tools and to publish transparency reports. A regulator with powers to
            request information and impose penalties gives these duties practical effect.

            Regulation should be risk-based and proportionate, so that small services are not
            burdened with requirements designed for the largest platforms, and should be
            coordinated with other countries to avoid conflicting obligations.
            """,
        ),
    ),
    section(
        "Building capacity",
        """
        Laws and strategies depend on people who can apply them. Investment in skills across
        the public sector is one of the most effective uses of limited resources.
        """,
        section(
            "Law enforcement",
            """
            Police services need specialised units able to investigate online offences
            against children, identify victims in abuse material and work with international
            databases. Officers outside those units need basic training so that reports from
            the public are taken seriously and evidence is preserved.

            Investigators are exposed to distressing material. Their wellbeing requires
            mandatory psychological support, limits on exposure and technical tools that
            reduce the need to view material repeatedly.
            """,
        ),
        section(
            "The education workforce",
            """
            Teachers should receive training on online safety and digital literacy in their
            initial education and throughout their careers. School leaders need support to
            adopt policies and respond to incidents.

            National curricula should include digital citizenship at every level, with
            teaching materials available in local languages and adapted to schools with
            limited connectivity.
            """,
        ),
    ),
    section(
        "Reporting, support and remedy",
        """
        Children who are harmed online need to be able to report it, be believed, receive
        support and see that something is done. Each part of that chain needs to work and to
        connect with the next.
        """,
        section(
            "Hotlines and helplines",
            """
            A hotline receives reports of illegal content, assesses them and ensures removal,
            while a helpline offers children confidential advice and support. Both should be
            free, well publicised and, for helplines, reachable through the channels children
            actually use, including chat and messaging.

            Governments should ensure stable funding for these services and their connection
            to international networks, so that reports concerning material hosted abroad can
            be passed on quickly.
            """,
        ),
        section(
            "Child-friendly justice",
            """
            When cases reach the justice system, procedures should avoid re-traumatising the
            child: specialised interview rooms, recorded testimony, limits on repeated
            questioning and support from a trusted person throughout the process.

            Victims should have access to compensation and to the removal of images of their
            abuse wherever they appear. Case data should be collected to understand how long
            cases take and why some fail.
            """,
        ),
    ),
    section(
        "International cooperation",
        """
        Online harms cross borders, so national measures are only as strong as the
        cooperation behind them. Countries should join and implement relevant international
        instruments, take part in networks of law enforcement, hotlines and regulators, and
        share data and good practice.

        Development partners can support countries that are building their frameworks, while
        countries with mature systems can learn from approaches developed elsewhere, in
        particular those that reach children with few resources.
        """,
    ),
)

GUIDELINE = GuidelineText(
    slug="cop-policymakers",
    title="Child Online Protection Guidelines for Policy-makers",
    audience="policymakers",
    editors=("editor-policy",),
    sections=SECTIONS,
    revisions=(
        Revision(
            "2.1",
            "an inter-ministerial committee with a small secretariat is a practical first step.",
            "an inter-ministerial committee with a small permanent secretariat is a practical "
            "first step.",
            "A temporary secretariat was found not to last beyond the first strategy.",
        ),
        Revision(
            "3.1",
            "Definitions should cover computer-generated and manipulated material.",
            "Definitions should cover computer-generated, AI-generated and manipulated material.",
            "Names AI-generated material explicitly.",
        ),
        Revision(
            "3.1",
            "not as offenders.",
            "not as offenders, unless there is coercion or exploitation.",
            "Narrows the exception after comments from law enforcement experts.",
        ),
        Revision(
            "5.1",
            "including chat and messaging.",
            "including chat, messaging and toll-free numbers that do not appear on phone bills.",
            "Adds numbers that stay off phone bills, for children's confidentiality.",
        ),
    ),
)
