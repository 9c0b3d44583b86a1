"""The frameworks every partnership starts with, as editable data.

`ensure_default_frameworks()` (in services.frameworks) publishes version 1 of each, once, in a
fresh deployment; the business unit then changes them in the portal (a new draft version) or
replaces them by importing a spreadsheet. The wording follows the usual Section 11 audit
tools, Keeping Children Safe in Education for schools, and a typical neglect case audit tool.

A question is (reference, text, kind, guidance, evidence required, "not applicable" allowed).
"""

R, Y, N, T, P = "rating", "yes_no_partly", "number", "text", "percentage"

SECTION_11 = {
    "key": "section_11",
    "name": "Section 11 self-assessment",
    "purpose": "self_assessment",
    "duty": "section_11",
    "scale": "rag",
    "threshold": 3,
    "description": "The duty of agencies under Section 11 of the Children Act 2004 to make arrangements to ensure "
    "that their functions are discharged having regard to the need to safeguard and promote the welfare of "
    "children. Rate each question red (not met), amber (partly met) or green (fully met).",
    "standards": [
        (
            "1",
            "Senior management commitment to the importance of safeguarding and promoting children’s welfare",
            "",
            [
                (
                    "1.1",
                    "Safeguarding children is reflected in the organisation’s strategic plans, with a named board "
                    "member or senior leader accountable for it",
                    R,
                    "Look for the strategic plan, board minutes and the named lead’s role description.",
                    True,
                    False,
                ),
                (
                    "1.2",
                    "Senior leaders receive regular reports on safeguarding performance and act on them",
                    R,
                    "Reports to the board or senior team in the last year, and what changed as a result.",
                    True,
                    False,
                ),
                (
                    "1.3",
                    "Is there a named senior manager with lead responsibility for safeguarding children?",
                    Y,
                    "",
                    False,
                    False,
                ),
                (
                    "1.4",
                    "The organisation contributes to the partnership’s priorities and attends its meetings",
                    R,
                    "Attendance at the board and sub-groups; contributions to audits and reviews.",
                    False,
                    False,
                ),
            ],
        ),
        (
            "2",
            "A clear statement of the organisation’s responsibilities towards children, available to all staff",
            "",
            [
                (
                    "2.1",
                    "A safeguarding children policy, reviewed in the last three years and in line with the "
                    "partnership’s procedures, is available to all staff",
                    R,
                    "The policy, its review date and how staff find it.",
                    True,
                    False,
                ),
                (
                    "2.2",
                    "Staff know what to do if they are worried about a child, including out of hours",
                    R,
                    "Staff survey results, supervision records, spot checks.",
                    False,
                    False,
                ),
                (
                    "2.3",
                    "Commissioned and contracted services are required to meet the same standards",
                    R,
                    "Contract clauses and contract monitoring.",
                    False,
                    True,
                ),
            ],
        ),
        (
            "3",
            "A clear line of accountability for the provision of services designed to safeguard and promote "
            "the welfare of children",
            "",
            [
                (
                    "3.1",
                    "There are clear lines of accountability for safeguarding from front-line staff to the board",
                    R,
                    "A structure chart showing the safeguarding leads and who they report to.",
                    True,
                    False,
                ),
                (
                    "3.2",
                    "Staff have regular safeguarding supervision that is recorded",
                    R,
                    "The supervision policy and an audit of supervision records.",
                    False,
                    False,
                ),
                (
                    "3.3",
                    "Complaints and whistleblowing procedures are accessible to children, families and staff",
                    R,
                    "",
                    False,
                    False,
                ),
            ],
        ),
        (
            "4",
            "Service development that takes account of the need to safeguard and promote welfare and is "
            "informed by the views of children and families",
            "",
            [
                (
                    "4.1",
                    "Children’s and families’ views are sought and shape how services are planned and delivered",
                    R,
                    "Examples of what children or families said, and what changed as a result.",
                    True,
                    False,
                ),
                (
                    "4.2",
                    "Equality impact assessments consider the safeguarding needs of children, including disabled "
                    "children and children from minority communities",
                    R,
                    "",
                    False,
                    True,
                ),
                (
                    "4.3",
                    "Describe one change to a service in the last year that came from listening to children",
                    T,
                    "A short account: what you heard, what you changed, and what difference it made.",
                    False,
                    False,
                ),
            ],
        ),
        (
            "5",
            "Training on safeguarding and promoting the welfare of children for all staff working with, or in "
            "contact with, children and families",
            "",
            [
                (
                    "5.1",
                    "All staff complete safeguarding training at the level their role needs, with a training "
                    "needs analysis",
                    R,
                    "The training needs analysis and the compliance report.",
                    True,
                    False,
                ),
                (
                    "5.2",
                    "What percentage of staff are up to date with their safeguarding children training?",
                    P,
                    "From your training records at the end of the last quarter.",
                    False,
                    False,
                ),
                (
                    "5.3",
                    "Learning from local and national reviews is built into training and shared with staff",
                    R,
                    "Briefings, 7-minute briefings, team meeting notes.",
                    False,
                    False,
                ),
            ],
        ),
        (
            "6",
            "Safer recruitment procedures, including vetting and the management of allegations against staff",
            "",
            [
                (
                    "6.1",
                    "Safer recruitment practice is followed for every post working with children, with the right "
                    "level of DBS check",
                    R,
                    "The recruitment policy and an audit of personnel files.",
                    True,
                    False,
                ),
                (
                    "6.2",
                    "Allegations against people who work with children are referred to the local authority "
                    "designated officer (LADO) within one working day",
                    R,
                    "The allegations procedure and the log of referrals.",
                    False,
                    False,
                ),
                (
                    "6.3",
                    "Do recruitment panels include someone trained in safer recruitment?",
                    Y,
                    "",
                    False,
                    False,
                ),
            ],
        ),
        (
            "7",
            "Effective inter-agency working to safeguard and promote the welfare of children",
            "",
            [
                (
                    "7.1",
                    "Staff contribute to early help assessments, child protection conferences and core groups, "
                    "and their reports are on time",
                    R,
                    "Attendance and report timeliness figures.",
                    False,
                    False,
                ),
                (
                    "7.2",
                    "Staff understand and use the partnership’s escalation policy for professional disagreements",
                    R,
                    "The number of escalations and an example of one that was resolved.",
                    False,
                    False,
                ),
                (
                    "7.3",
                    "The organisation takes part in multi-agency audits, rapid reviews and practice reviews",
                    R,
                    "",
                    False,
                    False,
                ),
            ],
        ),
        (
            "8",
            "Information sharing",
            "",
            [
                (
                    "8.1",
                    "Staff share information to safeguard children in line with national guidance and the "
                    "partnership’s protocol, without waiting for consent where that would place a child at risk",
                    R,
                    "The information sharing policy and staff guidance.",
                    True,
                    False,
                ),
                (
                    "8.2",
                    "Records show the child’s voice, the reasons for decisions and what was shared with whom",
                    R,
                    "A record-keeping audit.",
                    False,
                    False,
                ),
                (
                    "8.3",
                    "Is there a named data protection lead who advises staff on sharing information about children?",
                    Y,
                    "",
                    False,
                    False,
                ),
            ],
        ),
    ],
}

SECTION_175 = {
    "key": "section_175_157",
    "name": "Section 175 and 157 safeguarding audit for schools and colleges",
    "purpose": "self_assessment",
    "duty": "section_175_157",
    "scale": "rag",
    "threshold": 3,
    "description": "The annual return from schools, academies and colleges on their duties under Section 175 and "
    "Section 157 of the Education Act 2002, following Keeping Children Safe in Education.",
    "standards": [
        (
            "1",
            "Leadership and the designated safeguarding lead",
            "",
            [
                (
                    "1.1",
                    "The governing body or proprietor has a named safeguarding governor and receives an annual "
                    "safeguarding report",
                    R,
                    "Governing body minutes and the annual report.",
                    True,
                    False,
                ),
                (
                    "1.2",
                    "A designated safeguarding lead from the senior leadership team is appointed, with deputies "
                    "and enough time to do the role",
                    R,
                    "The DSL’s job description and the deputy arrangements.",
                    True,
                    False,
                ),
                (
                    "1.3",
                    "Is the DSL (or a deputy) available during school hours and for out-of-hours activities?",
                    Y,
                    "",
                    False,
                    False,
                ),
            ],
        ),
        (
            "2",
            "Safeguarding and child protection policies",
            "",
            [
                (
                    "2.1",
                    "The child protection policy is reviewed every year, follows the partnership’s procedures and "
                    "is published on the website",
                    R,
                    "A link to the published policy.",
                    True,
                    False,
                ),
                (
                    "2.2",
                    "There is a staff behaviour policy (code of conduct) that staff have read and signed",
                    R,
                    "",
                    False,
                    False,
                ),
                (
                    "2.3",
                    "Children missing from education are followed up and reported to the local authority",
                    R,
                    "Attendance procedures and the reports made.",
                    False,
                    False,
                ),
            ],
        ),
        (
            "3",
            "Training and staff induction",
            "",
            [
                (
                    "3.1",
                    "All staff have read Part one of Keeping Children Safe in Education and safeguarding training "
                    "at induction, updated regularly",
                    R,
                    "The training log.",
                    True,
                    False,
                ),
                (
                    "3.2",
                    "How many staff and volunteers completed safeguarding training in the last academic year?",
                    N,
                    "",
                    False,
                    False,
                ),
                (
                    "3.3",
                    "The DSL and deputies have refreshed their training in the last two years",
                    R,
                    "",
                    False,
                    False,
                ),
            ],
        ),
        (
            "4",
            "Safer recruitment and allegations about staff",
            "",
            [
                (
                    "4.1",
                    "The single central record is complete, accurate and checked by a governor",
                    R,
                    "The date of the last check and who did it.",
                    True,
                    False,
                ),
                (
                    "4.2",
                    "At least one member of every interview panel has completed safer recruitment training",
                    R,
                    "",
                    False,
                    False,
                ),
                (
                    "4.3",
                    "Allegations and low-level concerns about staff are recorded and referred to the LADO when "
                    "the threshold is met",
                    R,
                    "The low-level concerns log and LADO referrals.",
                    False,
                    False,
                ),
            ],
        ),
        (
            "5",
            "Online safety: filtering and monitoring",
            "",
            [
                (
                    "5.1",
                    "Filtering and monitoring systems meet the Department for Education’s standards and are "
                    "reviewed at least every year",
                    R,
                    "The last review and who took part.",
                    True,
                    False,
                ),
                (
                    "5.2",
                    "Roles and responsibilities for filtering and monitoring are assigned, with the DSL taking "
                    "lead responsibility",
                    R,
                    "",
                    False,
                    False,
                ),
                (
                    "5.3",
                    "Is there a policy on mobile phones and smart technology in school?",
                    Y,
                    "",
                    False,
                    False,
                ),
            ],
        ),
        (
            "6",
            "Teaching children about safeguarding",
            "",
            [
                (
                    "6.1",
                    "Relationships, sex and health education teaches children how to keep themselves safe, "
                    "including online",
                    R,
                    "The curriculum plan.",
                    False,
                    False,
                ),
                (
                    "6.2",
                    "Children know who to talk to if they are worried, and say so when asked",
                    R,
                    "Pupil voice surveys.",
                    False,
                    False,
                ),
            ],
        ),
        (
            "7",
            "Early help and working with others",
            "",
            [
                (
                    "7.1",
                    "The school identifies children who need early help and leads or contributes to early help "
                    "assessments",
                    R,
                    "The number of early help assessments led by the school.",
                    False,
                    False,
                ),
                (
                    "7.2",
                    "The school receives and acts on Operation Encompass notifications before the next school day",
                    R,
                    "",
                    False,
                    True,
                ),
            ],
        ),
        (
            "8",
            "Children who may be particularly vulnerable",
            "",
            [
                (
                    "8.1",
                    "A designated teacher promotes the education of looked-after and previously looked-after children",
                    R,
                    "",
                    False,
                    True,
                ),
                (
                    "8.2",
                    "Staff understand the additional barriers to recognising abuse in children with special "
                    "educational needs and disabilities",
                    R,
                    "",
                    False,
                    False,
                ),
                (
                    "8.3",
                    "What is your school’s biggest safeguarding challenge this year, and what is it doing about it?",
                    T,
                    "",
                    False,
                    False,
                ),
            ],
        ),
    ],
}

NEGLECT_TOOL = {
    "key": "neglect_case_audit",
    "name": "Multi-agency neglect case audit tool",
    "purpose": "case_audit",
    "duty": "",
    "scale": "rag",
    "threshold": 3,
    "description": "For thematic case audits of neglect: each agency answers for each case in the sample, then the "
    "audit panel grades each case and agrees the learning.",
    "standards": [
        (
            "1",
            "Recognising neglect",
            "",
            [
                (
                    "1.1",
                    "Signs of neglect were recognised early and acted on",
                    R,
                    "From the first sign in your agency’s records, how long until something was done?",
                    False,
                    False,
                ),
                (
                    "1.2",
                    "Was the graded care profile (or another neglect tool) used?",
                    Y,
                    "",
                    False,
                    True,
                ),
            ],
        ),
        (
            "2",
            "The child’s lived experience",
            "",
            [
                (
                    "2.1",
                    "The child was seen, and their views and daily experience are recorded",
                    R,
                    "",
                    False,
                    False,
                ),
                (
                    "2.2",
                    "How many times did your agency see the child in the last six months?",
                    N,
                    "",
                    False,
                    True,
                ),
            ],
        ),
        (
            "3",
            "Working together",
            "",
            [
                (
                    "3.1",
                    "Information was shared with other agencies when it mattered",
                    R,
                    "",
                    False,
                    False,
                ),
                (
                    "3.2",
                    "Professional disagreements were escalated and resolved",
                    R,
                    "",
                    False,
                    True,
                ),
            ],
        ),
        (
            "4",
            "Impact",
            "",
            [
                (
                    "4.1",
                    "The child’s circumstances improved because of what agencies did",
                    R,
                    "",
                    False,
                    False,
                ),
                (
                    "4.2",
                    "What would have made the biggest difference for this child?",
                    T,
                    "",
                    False,
                    False,
                ),
            ],
        ),
    ],
}

DEFAULT_FRAMEWORKS = [SECTION_11, SECTION_175, NEGLECT_TOOL]
