"""Demo text of the guideline set for children (written for Concord, not the published text)."""

from ..text import GuidelineText, Revision, section

SECTIONS = (
    section(
        "About this guide",
        """
        The internet is a place where you can learn, play, make things and keep in touch
        with the people who matter to you. This guide is about making the most of all of
        that while knowing what to do when something feels wrong.

        Nothing in these pages is meant to scare you. Most of the time, being online is
        fun and useful. Knowing a few simple habits makes it easier to stay in control of
        what you share, who you talk to and how you feel.
        """,
        section(
            "Who this guide is for",
            """
            This guide was written with and for children and young people up to the age of
            eighteen. Some parts will feel more useful when you are younger, others when you
            start using social media, group chats and online games on your own.

            You can read it alone, with a friend, or with a parent, carer or teacher. If a
            word is unfamiliar, ask someone you trust or look at the short explanations at
            the end of each part. Adults who support you have their own guide, so you do
            not have to explain everything to them yourself.
            """,
        ),
        section(
            "How to use this guide",
            """
            Each part starts with the main idea in one or two sentences, followed by tips
            you can try straight away. You do not need to read it from start to finish:
            jump to the part that answers your question today.

            Some tips ask you to change a setting on your phone, tablet or console. Settings
            move around when apps are updated, so if you cannot find one, ask in the app's
            help pages or ask an adult to look with you. Changing a setting is never
            something to be embarrassed about.
            """,
        ),
    ),
    section(
        "Your rights online",
        """
        The rights you have offline also apply online. You have the right to be safe, to
        have your privacy respected, to find information, to express your views and to
        play. Companies, governments and adults all have a part in protecting those rights.

        Rights come with respect for the rights of others. Being able to say what you
        think does not mean being allowed to hurt, threaten or embarrass someone else.
        """,
        section(
            "Being heard",
            """
            Your opinion about the apps and games you use matters. Many companies now ask
            young people what they think before they launch new features, and some
            countries invite children to help write the rules for the internet.

            If something in an app seems unfair or confusing, you can say so: most services
            have a feedback form, and youth councils and school groups often collect views
            to send on. Your experience is real evidence, even if you are the only one who
            has noticed the problem.
            """,
        ),
        section(
            "Privacy is a right",
            """
            Privacy means being able to decide what other people know about you. Your full
            name, home address, school, phone number and passwords are private information.
            Photos can also reveal more than you think, such as the name of your street or
            the badge on your school uniform.

            Before you post, ask yourself whether you would be happy for a stranger, a
            teacher or a future employer to see it. Once something is shared, copies can be
            made, so it is much harder to take back than it was to post.
            """,
            section(
                "Sharing your location",
                """
                Many apps want to know where you are. Sometimes that is useful, for example
                when a map shows you the way home. At other times it lets people you do not
                know work out where you live, study or spend your free time.

                Check which apps can see your location and switch it off for the ones that
                do not need it. If you share your location with friends, choose a short
                period rather than "always", and review the list of people who can see it
                every few weeks.
                """,
            ),
        ),
    ),
    section(
        "People you meet online",
        """
        Meeting new people online can be a great way to find others who share your
        interests. It is also the way some adults try to get close to children in order to
        harm them. Knowing the warning signs helps you enjoy new friendships safely.
        """,
        section(
            "Friends you have not met in person",
            """
            Someone you only know online may be exactly who they say they are, or they may
            not be. Profile pictures and ages are easy to fake. Treat new online friends with
            the same care you would treat a stranger at a bus stop: be friendly, but keep
            your private information to yourself.

            Never agree to meet someone from the internet on your own. If you really want to
            meet, talk to a trusted adult first, meet in a busy public place and take an
            adult with you.
            """,
        ),
        section(
            "When someone asks for pictures",
            """
            Nobody should pressure you into sending photos or videos of yourself, especially
            ones where you are not fully dressed. It does not matter whether they say they
            love you, promise to delete it, or threaten you if you refuse. Saying no is always
            the right answer, and it is never your fault if someone asks.

            If an image of you has been shared, you are not in trouble for asking for help.
            Services exist that can help remove such images, and a trusted adult or a
            helpline can support you through the steps.
            """,
        ),
        section(
            "Warning signs to look out for",
            """
            Be careful if someone you met online gives you lots of compliments very quickly,
            sends you gifts or game credits, asks you to keep your conversations secret or
            wants to move the chat to a private app. These are common tricks used to build
            trust before asking for something in return.

            Trust your feelings. If a conversation makes you uncomfortable, you can stop
            replying, block the person and tell someone. You do not owe anyone an
            explanation for keeping yourself safe.
            """,
        ),
    ),
    section(
        "Looking after yourself",
        """
        Being online affects how you feel, how you sleep and how much time you have for
        other things you enjoy. Noticing those effects is the first step to staying in
        charge of your own time.
        """,
        section(
            "Screen time and sleep",
            """
            There is no perfect number of hours to spend on a screen. What matters is whether
            your time online leaves room for sleep, school, exercise and time with friends
            and family. If you often feel tired or grumpy after using your phone late at
            night, try leaving it outside your bedroom.

            Many devices can show you how long you spend in each app. Looking at those
            numbers once a week can help you decide what you want to keep doing and what you
            would like to do less.
            """,
        ),
        section(
            "Games and spending money",
            """
            Games are one of the best parts of being online, but some are designed to keep
            you playing or to make you spend money on loot boxes, skins and extra lives. It
            can be hard to keep track of how much you have spent when prices are shown in
            coins or gems rather than real money.

            Agree a budget with your parent or carer before you start, and ask for purchases
            to need a password. If you feel pushed to buy something to keep up with friends,
            talk about it: you are probably not the only one feeling that way.
            """,
        ),
    ),
    section(
        "Being kind online",
        """
        The people on the other side of the screen have feelings just like you. Small
        things, like how you comment on a friend's post or whether you join in when someone
        is being mocked, make a big difference to how safe the internet feels for everyone.
        """,
        section(
            "Cyberbullying",
            """
            Cyberbullying is when someone uses phones, games or social media to repeatedly
            upset, threaten or embarrass another person. It can happen at any time of day and
            can reach a lot of people very quickly, which makes it feel hard to escape.

            If it happens to you, do not reply in anger. Keep screenshots of what was sent,
            block the people involved and report them in the app. Tell an adult you trust so
            that you do not have to deal with it alone.
            """,
        ),
        section(
            "Standing up for others",
            """
            If you see someone being bullied, you can help without putting yourself at risk.
            Do not share or like the hurtful post. Send the person a private message to say
            you noticed and that you are on their side, and report the content to the
            service.

            Being an upstander rather than a bystander takes courage. Even a small act of
            support can help someone feel less alone and more able to ask for help.
            """,
        ),
    ),
    section(
        "Getting help",
        """
        Everyone needs help sometimes. Asking for it is a sign of strength, and there are
        people whose job is to listen and help you decide what to do next.
        """,
        section(
            "Reporting tools",
            """
            Almost every app, game and website has a way to report content or people. Look
            for a flag, three dots or a "report" button next to the post or profile. Reports
            are usually anonymous, which means the person you report is not told who made the
            report.

            After you report, the service should review what you sent and tell you what it
            decided. If nothing happens, or the problem continues, tell a trusted adult, who
            can contact the service or a hotline on your behalf.
            """,
        ),
        section(
            "Trusted adults and helplines",
            """
            A trusted adult is someone who listens to you and takes you seriously, such as a
            parent, carer, teacher, school counsellor, coach or older relative. You can choose
            more than one, and you can change your mind about who you trust.

            If you do not want to talk to someone you know, child helplines are free and
            confidential in many countries. You can call, chat or message them about anything
            that worries you, online or offline, at any time of day.
            """,
        ),
    ),
)

GUIDELINE = GuidelineText(
    slug="cop-children",
    title="Child Online Protection Guidelines for Children",
    audience="children",
    editors=("editor-children",),
    sections=SECTIONS,
    revisions=(
        Revision(
            "1.1",
            "up to the age of eighteen.",
            "up to the age of eighteen, and with younger readers in mind: an adult may read it "
            "aloud with children under nine.",
            "Youth panel asked that younger readers be addressed explicitly.",
        ),
        Revision(
            "2.2.1",
            "review the list of people who can see it every few weeks.",
            "review the list of people who can see it every few weeks. Photos can carry your "
            "location too, so check whether your camera adds it to the picture.",
            "Adds photo location data, raised by several member states.",
        ),
        Revision(
            "3.2",
            "Services exist that can help remove such images,",
            "Reporting services run by hotlines and some platforms can help remove such images,",
            "Names who offers removal help, so children know where to turn.",
        ),
        Revision(
            "3.2",
            "it is never your fault if someone asks.",
            "it is never your fault if someone asks or shares an image without your consent.",
            "Clarifies that sharing without consent is never the child's fault.",
        ),
        Revision(
            "4.1",
            "try leaving it outside your bedroom.",
            "try charging it outside your bedroom overnight.",
            "Editorial: a more concrete suggestion.",
        ),
    ),
)
