"""Demo text of the guideline set for industry (written for Concord, not the published text)."""

from ..text import GuidelineText, Revision, section

SECTIONS = (
    section(
        "Introduction",
        """
        Companies that build and run digital products shape the environment in which
        children play, learn and socialise. Whether or not a service is aimed at children,
        children are likely to use it, and its design choices affect their safety and
        wellbeing.

        These guidelines describe what responsible companies do to respect and protect the
        rights of children. They are addressed to the whole technology sector, from
        connectivity providers and device makers to social media, gaming, streaming and
        education technology companies of every size.
        """,
        section(
            "Scope",
            """
            The guidelines apply to any product or service that children are likely to use
            or be affected by, not only to services designed for them. A general audience
            platform with a significant number of young users falls within scope.

            Smaller companies may not have dedicated trust and safety teams. The measures
            below are therefore described in terms of outcomes, and companies are expected to
            apply them in proportion to their size, their reach among children and the
            severity of the risks their service presents.
            """,
        ),
        section(
            "Key terms",
            """
            In these guidelines a child is anyone under the age of eighteen. Child sexual
            abuse material means any representation of a child engaged in sexual activity or
            of the sexual parts of a child, whether real or computer generated. Safety by
            design means anticipating and preventing harm when a product is built, rather
            than reacting after it occurs.

            Age assurance is an umbrella term for the methods used to estimate or verify a
            user's age, ranging from self-declaration to estimation from signals and
            verification against official documents.
            """,
        ),
    ),
    section(
        "Governance and accountability",
        """
        Child protection must be part of how a company is run, not a project owned by a
        single team. The board and senior management should set clear expectations,
        allocate resources and receive regular reports on risks to children and on the
        effectiveness of the measures taken.
        """,
        section(
            "Child rights impact assessment",
            """
            Before launching a new product or a significant feature, companies should assess
            how it may affect children's rights, including their safety, privacy, access to
            information and freedom of expression. The assessment should consider children of
            different ages and in different circumstances.

            The assessment should be documented, updated when the product changes, and
            informed by evidence from research, from user reports and, where possible, from
            consultation with children and their advocates. Identified risks should lead to
            concrete mitigations with a named owner.
            """,
        ),
        section(
            "Senior accountability",
            """
            A named senior person should be responsible for child safety across the company,
            with the authority to delay or change a launch when the risks to children are not
            adequately addressed. That person should have direct access to the board.

            Incentives matter. Where product teams are rewarded only for growth and
            engagement, safety measures that reduce engagement will struggle. Companies should
            include safety and wellbeing indicators among the goals against which teams are
            assessed.
            """,
        ),
    ),
    section(
        "Safety by design",
        """
        Most harm can be prevented more effectively and more cheaply at the design stage
        than through moderation after the fact. Designers should ask how a feature could be
        misused against a child and what the experience of a child user will be, and test
        their assumptions with real users.
        """,
        section(
            "Default settings",
            """
            Accounts that belong or are likely to belong to children should start with the
            most protective settings: private profiles, no location sharing, messages only
            from approved contacts and no recommendation of the child's account to adult
            strangers. Children may change some settings, but the choice should be informed
            and reversible.

            Settings should be explained in language children understand, at the moment they
            matter. A long privacy policy accepted at sign-up does not give a child a
            meaningful choice.
            """,
        ),
        section(
            "Age assurance",
            """
            Companies need some knowledge of a user's age to provide an age-appropriate
            experience. The level of certainty required should depend on the risk: a service
            that hosts pornography or gambling needs much stronger assurance than a homework
            helper.

            No single method suits every context. Companies should combine methods where
            appropriate, offer alternatives for users who cannot use one of them, and monitor
            accuracy across age groups, ethnicities and genders.
            """,
            section(
                "Proportionality",
                """
                Age checks are themselves an intrusion. Requiring every user to show an
                identity document would exclude people without documents and create large
                stores of sensitive data. The method chosen should therefore be the least
                intrusive one that achieves the level of assurance the risk requires.

                Companies should document why the chosen method is proportionate and revisit
                that judgement as technology and the risk profile of the service change.
                """,
            ),
            section(
                "Data minimisation in age checks",
                """
                Information collected to establish age should be used only for that purpose,
                kept only as long as necessary and never used for advertising or profiling.
                Where a third party performs the check, the service should receive only the
                result, such as "over eighteen", not the underlying data.

                Independent audits and certification schemes can give users and regulators
                confidence that these commitments are respected in practice.
                """,
            ),
        ),
        section(
            "Features that encourage excessive use",
            """
            Infinite scrolling, autoplay, streaks, variable rewards and notifications timed
            to pull users back are effective at increasing engagement. For children, whose
            capacity for self-regulation is still developing, they can crowd out sleep,
            study and offline relationships.

            Services likely to be used by children should switch off such features by
            default for young users, avoid notifications at night and offer simple tools to
            set time limits. Design reviews should treat persuasive patterns as a risk to be
            justified, not a growth lever to be maximised.
            """,
        ),
    ),
    section(
        "Handling illegal content",
        """
        Companies must not allow their services to be used to produce, store or distribute
        child sexual abuse material or to groom children. They should combine prevention,
        detection, removal and reporting, and cooperate with authorities and specialised
        organisations.
        """,
        section(
            "Child sexual abuse material",
            """
            Services that host user content should use established tools to detect known
            abuse material, such as matching against hash lists maintained by recognised
            hotlines, and should have processes to assess newly identified material quickly.
            Confirmed material should be removed and reported to the competent authority or
            designated organisation without delay.

            Detection technologies must be deployed with safeguards: human review of
            uncertain cases, accuracy monitoring, protection of the reviewers' wellbeing and
            transparency about the methods used, consistent with applicable law.
            """,
        ),
        section(
            "Cooperation with law enforcement",
            """
            Companies should publish a clear point of contact and a process for law
            enforcement requests, preserve relevant data when lawfully asked to do so, and
            respond to emergency requests involving a risk to a child's life around the
            clock.

            Cooperation must respect human rights and due process. Requests should be
            assessed against the applicable legal framework, and companies should report
            publicly on the number and type of requests they receive.
            """,
        ),
    ),
    section(
        "Reporting and support",
        """
        Children and adults need simple ways to report harmful content and behaviour, and to
        receive help when they have been harmed. A report that disappears without a response
        teaches users that reporting is pointless.
        """,
        section(
            "User reporting",
            """
            Reporting tools should be easy to find from every piece of content and every
            profile, available without creating an account where possible, and designed so
            that children can use them. Categories should include the harms children most
            often meet, such as bullying, self-harm content and unwanted sexual contact.

            Users who report should be told what happened to their report within a reasonable
            time and be able to appeal a decision. Reports from children or about children
            should be prioritised.
            """,
        ),
        section(
            "Content moderation",
            """
            Moderation combines automated tools and human review. Moderators need clear
            policies, training on child protection, support for their mental health and
            enough time to make careful decisions. Language and cultural coverage should
            reflect where the service's users actually are.

            Companies should measure how quickly and how accurately they act on reports about
            children and use those measures to direct investment, not only to describe
            performance after the fact.
            """,
        ),
    ),
    section(
        "Transparency and participation",
        """
        Trust depends on evidence. Companies should explain what they do to protect children,
        show whether it works, and give children a voice in decisions that affect them.
        """,
        section(
            "Transparency reports",
            """
            Regular public reports should describe the volume of content and accounts actioned
            for child safety reasons, the share detected proactively, response times to user
            reports, the outcome of appeals and the number of referrals to authorities.

            Figures should be broken down by country and by product where possible, and
            defined consistently over time so that progress can be assessed. Vetted
            researchers should be able to access data needed to study risks to children,
            under appropriate privacy safeguards.
            """,
        ),
        section(
            "Engaging with children",
            """
            Children are experts in their own experience. Companies should involve them in the
            design and review of products and safety tools through youth panels, co-design
            sessions and user research conducted ethically and with parental consent where
            required.

            Participation should be meaningful: children should be told how their input was
            used, be able to influence decisions, and come from diverse backgrounds, including
            children with disabilities and those from under-represented communities.
            """,
        ),
    ),
)

GUIDELINE = GuidelineText(
    slug="cop-industry",
    title="Child Online Protection Guidelines for Industry",
    audience="industry",
    editors=("editor-industry", "editor-policy"),
    sections=SECTIONS,
    revisions=(
        Revision(
            "1.1",
            "not only to services designed for them.",
            "not only to services designed for them, including services offered free of charge.",
            "Makes clear that free services are in scope.",
        ),
        Revision(
            "3.1",
            "the choice should be informed and reversible.",
            "the choice should be informed, reversible and, for the youngest users, "
            "confirmed by a parent or carer.",
            "Adds parental confirmation for the youngest users.",
        ),
        Revision(
            "3.1",
            "private profiles, no location sharing,",
            "private profiles, location sharing switched off,",
            "Editorial: consistent wording with the children's guideline.",
        ),
        Revision(
            "3.2.1",
            "the least intrusive one that achieves",
            "the least intrusive one available that reliably achieves",
            "Clarifies that the method must also be reliable.",
            "editor-policy",
        ),
        Revision(
            "4.1",
            "without delay.",
            "without undue delay, in line with national reporting obligations.",
            "Aligns with national reporting obligations.",
        ),
    ),
)
