"""Demo text of the guideline set for parents, carers and educators (written for Concord)."""

from ..text import GuidelineText, Revision, section

SECTIONS = (
    section(
        "Introduction",
        """
        Children now grow up with connected devices from their first years. The adults
        around them, at home and at school, shape how those years online unfold: what
        children are allowed to try, what they learn to expect and whom they turn to when
        something goes wrong.

        These guidelines offer practical advice to parents, carers, teachers and other
        educators. They favour conversation and gradual independence over surveillance and
        bans, because the evidence suggests that children who feel trusted are more likely
        to ask for help.
        """,
        section(
            "Purpose of these guidelines",
            """
            The guidelines aim to help adults understand the opportunities and risks of the
            online world, support children in developing their own judgement, and respond
            calmly and effectively when harm occurs. They complement, and do not replace,
            national safeguarding procedures and school policies.

            The advice is deliberately general so that it can be adapted to different
            countries, cultures and levels of connectivity. National partners are encouraged
            to add local helplines, legal references and examples.
            """,
        ),
        section(
            "The role of adults",
            """
            Parents and carers are usually the first people children go to, while educators
            see children in a group and notice changes in behaviour over time. Both roles
            matter, and each works best when it is informed by the other.

            Adults do not need to be technical experts. Curiosity, a willingness to learn
            alongside the child and a calm response to bad news are worth more than detailed
            knowledge of every app. Where adults lack confidence, schools and community
            organisations can offer short practical sessions.
            """,
        ),
    ),
    section(
        "Understanding children's digital lives",
        """
        Before deciding on rules, adults benefit from understanding what children actually do
        online, why they enjoy it and what worries them. Surveys across regions show that
        children's concerns often differ from those of their parents: they worry more about
        conflict with peers and less about strangers.
        """,
        section(
            "Age and development",
            """
            What is appropriate changes quickly as children grow. Very young children need
            closely supervised, shared use of carefully chosen content. Children in middle
            childhood start to explore on their own and need simple rules they understand.
            Teenagers need increasing privacy and space to make decisions, with a safety net.

            Minimum age limits set by services are usually based on data protection law
            rather than on an assessment of safety, so they are only one input into a
            family's decision about when a child is ready.
            """,
        ),
        section(
            "Opportunities online",
            """
            Connected technology gives children access to education, creativity, friendship
            and civic participation. For children with disabilities, those living in remote
            areas or those who feel isolated in their community, online spaces can be a vital
            source of support and belonging.

            Protective measures should therefore be weighed against the opportunities they
            remove. A blanket ban may remove a risk, but it also removes the chance to learn
            how to handle that risk with an adult nearby.
            """,
        ),
        section(
            "Risks and harms",
            """
            It is useful to distinguish risk from harm. Many children encounter risks online
            without being harmed, and the same experience may affect two children very
            differently. Vulnerability offline, such as neglect or isolation, is one of the
            strongest predictors of harm online.

            A common way of organising risks distinguishes content, contact, conduct and
            contract risks. The categories overlap, but they help adults think about which
            responses fit which problem.
            """,
            section(
                "Content risks",
                """
                Content risks arise when a child sees material that is harmful for their age,
                such as violent, sexual or hateful images, content promoting self-harm or
                eating disorders, or misleading information presented as fact.

                Filters reduce accidental exposure but cannot catch everything. Children
                should know that they can close a page, tell an adult and will not be
                punished for having seen something upsetting.
                """,
            ),
            section(
                "Contact risks",
                """
                Contact risks arise when a child is targeted by another person, whether an
                adult or a peer, for example through grooming, harassment, radicalisation or
                sexual extortion. Offenders frequently move conversations from public spaces
                to private messaging.

                Adults should know the common signs of grooming: secrecy about a new friend,
                unexplained gifts or credit, sudden changes in mood and new reluctance to use
                devices in shared spaces.
                """,
            ),
            section(
                "Conduct and contract risks",
                """
                Conduct risks concern the child's own behaviour, such as cyberbullying,
                sharing intimate images or taking part in dangerous challenges. Contract risks
                arise from the child's relationship with services: unfair terms, hidden costs,
                persuasive design and the commercial use of their personal data.

                Conversations about fairness and consent help with both: children who
                understand why a game makes them want to keep paying are better placed to
                resist it.
                """,
            ),
        ),
    ),
    section(
        "Guidance for parents and carers",
        """
        Families differ in values, resources and routines. The suggestions below can be
        adapted to any household and are most effective when they are agreed with children
        rather than imposed on them.
        """,
        section(
            "Talking about online life",
            """
            Regular, relaxed conversations are the most effective protection. Ask children
            what they enjoyed online today, which apps their friends use and what they would
            do if something went wrong. Share your own online experiences, including your
            mistakes.

            Avoid reacting with anger or confiscating devices when a child reports a problem.
            Children who fear losing their phone are much less likely to tell an adult the
            next time something happens.
            """,
        ),
        section(
            "Parental controls and their limits",
            """
            Parental controls can filter content, limit screen time, approve purchases and
            show which apps are installed. They are most useful for younger children and
            should be explained to the child rather than hidden. As children grow, controls
            should be relaxed step by step.

            No tool is perfect. Controls can be bypassed, may block useful information such as
            health advice, and can give adults a false sense of security. They work best
            alongside conversation, not instead of it.
            """,
        ),
        section(
            "Sharing images of children",
            """
            Many parents share photos of their children with family and friends. Before
            posting, consider who can see the image, whether it reveals a location or school,
            and whether the child would be comfortable with it now or in a few years.

            As soon as children are old enough, ask for their permission before posting an
            image of them. Doing so models the consent you hope they will show others.
            """,
        ),
    ),
    section(
        "Guidance for educators",
        """
        Schools are in a unique position to reach every child, including those whose
        families cannot offer support at home. Online safety works best when it is part of
        the whole school's approach to wellbeing rather than a single lesson each year.
        """,
        section(
            "Digital literacy in the curriculum",
            """
            Digital literacy includes knowing how to find and evaluate information, protect
            personal data, communicate respectfully and recognise manipulation. These skills
            can be taught across subjects, from evaluating sources in history to discussing
            consent in health education.

            Lessons are more effective when they build on children's real experiences and
            involve them in designing activities. Peer education, in which older students
            lead sessions for younger ones, has shown promising results.
            """,
        ),
        section(
            "School policies and safeguarding",
            """
            Every school should have a clear policy covering the acceptable use of devices,
            the protection of pupils' data, the use of images and the handling of online
            incidents. The policy should name a designated safeguarding lead and be reviewed
            regularly with staff, pupils and parents.

            Staff need training on recognising signs of online abuse and on the procedure for
            reporting concerns, including how to preserve evidence without viewing or
            sharing illegal images.
            """,
        ),
        section(
            "Responding to incidents",
            """
            When a pupil discloses harm, listen, reassure them that they did the right thing
            by telling you, and avoid promising to keep it secret. Record what was said in
            the child's own words and pass it to the safeguarding lead without delay.

            Where an incident involves intimate images, do not copy, forward or ask to see the
            material. Follow national guidance on involving parents and, where a crime may
            have been committed, the police.
            """,
        ),
    ),
    section(
        "Working together",
        """
        Protecting children online is a shared task. Parents, schools, health services,
        industry and public authorities each hold part of the picture, and children are best
        protected when those parts are connected.

        Schools can host information evenings for parents, local authorities can map the
        support services available, and all adults can make sure children know where to
        turn. Children and young people themselves should be involved in reviewing how well
        these arrangements work.
        """,
    ),
)

GUIDELINE = GuidelineText(
    slug="cop-parents-educators",
    title="Child Online Protection Guidelines for Parents and Educators",
    audience="parents_educators",
    editors=("editor-parents", "editor-children"),
    sections=SECTIONS,
    revisions=(
        Revision(
            "2.1",
            "with a safety net.",
            "with a safety net that they helped to design.",
            "Reflects the participation of teenagers in setting family rules.",
        ),
        Revision(
            "2.3.2",
            "Offenders frequently move conversations from public spaces to private messaging.",
            "Offenders frequently move conversations from public spaces to private or "
            "encrypted messaging, and increasingly to in-game chat.",
            "Adds in-game chat, following evidence submitted by civil society.",
        ),
        Revision(
            "3.2",
            "They work best alongside conversation, not instead of it.",
            "They work best alongside conversation, never instead of it, and should be "
            "reviewed with the child at least once a year.",
            "Adds a regular review of controls with the child.",
        ),
        Revision(
            "4.3",
            "pass it to the safeguarding lead without delay.",
            "pass it to the designated safeguarding lead the same day.",
            "Sets a concrete time limit for passing on disclosures.",
        ),
        Revision(
            "5",
            "Children and young people themselves should be involved",
            "Children and young people themselves, including those with disabilities, should "
            "be involved",
            "Inclusion of children with disabilities, requested by the youth panel.",
        ),
    ),
)
