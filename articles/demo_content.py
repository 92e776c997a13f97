"""Demo content for `manage.py load_demo`: written for this project, on its subject.

Every platform, person and number here is invented for the demo. Rates are illustrative.
The hero images are abstract rings and diagonal lines drawn by `articles.demo.hero_png`, one
palette per position in ARTICLES, so each `hero_alt` describes the picture that position gets;
an entry with "hero_photo" gets the 4000×3000 landscape of `articles.demo.photo_jpeg` instead.
"""

AUTHOR = {
    "name": "Rowan Achterberg",
    "slug": "rowan-achterberg",
    "bio": (
        "Rowan Achterberg has paid the rent with AI-training gig work since the days of "
        "bulk image labeling, and now splits the week between writing evaluation and code "
        "review. Before that came a decade of copy editing. Rowan keeps a spreadsheet of "
        "every task ever submitted and is not sorry about it."
    ),
    "photo_alt": "Illustrated portrait: a warm yellow circle on dark green, with a smaller ring.",
}

TAGS = [
    ("Pay rates", "pay-rates"),
    ("Platforms", "platforms"),
    ("Expert work", "expert-work"),
    ("Money and taxes", "money-taxes"),
    ("Craft", "craft"),
    ("Coding tasks", "coding-tasks"),
    ("Getting started", "getting-started"),
    ("Wellbeing", "wellbeing"),
]

ARTICLES = [
    {
        "title": "What the work actually pays: rates by task type and expertise",
        "slug": "what-the-work-actually-pays",
        "dek": (
            "Hourly rates in AI-training work run from grocery money to consulting fees. "
            "Here is how they break down by task type and credential, and what moves you up a band."
        ),
        "meta_description": (
            "Illustrative pay bands for AI-training gig work by task type and expertise, "
            "and the factors that actually move your rate."
        ),
        "tags": ["pay-rates", "platforms", "expert-work"],
        # A camera-sized photo (articles.demo.photo_jpeg), so the demo shows real renditions.
        "hero_photo": True,
        "hero_alt": (
            "Layered green hills under a grey evening sky, with a pale yellow sun above the "
            "ridge on the right."
        ),
        "hero_caption": "Every figure in this piece is illustrative, not a quote from anyone.",
        "days_ago": 2,
        "revised_days_ago": 1,
        "status": "published",
        "body": """\
Every few weeks someone in our reader mail asks the same question: "Is $22 an hour good?"
The honest answer is that it depends on what you're doing, who you are on paper, and which
platform is paying. But "it depends" doesn't cover rent, so here is how we think about it
after years of watching rates drift up, down and sideways.

The numbers below are illustrative. They are bands we've seen in our own ledgers and in
what readers tell us, across platforms like Tallyline, Gradient Guild and Annotate Works.
They are a sanity check, not a contract.

## The bands, roughly

| Task type | Typical credential | Illustrative hourly range |
|---|---|---|
| Image or text labeling | None | $15–$22 |
| Generalist response rating | Strong writing, no degree required | $18–$30 |
| Creative and long-form writing review | A writing portfolio | $25–$45 |
| Code evaluation | Working developer experience | $40–$75 |
| STEM reasoning review | Graduate degree in the field | $45–$90 |
| Legal or medical expert review | Bar admission or clinical license | $80–$150 |

Two things jump out. First, the spread inside each band is wide, often half again from the
bottom to the top. Second, the jumps *between* bands are driven almost entirely by
credentials a platform can verify, not by how good you are at the task in front of you.
That is frustrating if you're a gifted generalist, and it is the whole story of the last
two years in this line of work.

## What moves you within a band

Inside a band, the same few factors come up again and again:

- **Quality scores.** Most platforms track audit scores or agreement with reviewers.
  Sitting consistently in the top slice tends to unlock a reviewer or QA tier, usually a
  few dollars more an hour.
- **Project urgency.** Short, rushed projects pay premiums. Evergreen queues pay less but
  last for months.
- **Per-task versus hourly pay.** Per-task can beat hourly if you're quick, but only if the
  time estimates are honest.
- **Language and locale.** Less common languages and regional variants often carry a
  premium, sometimes a big one.

### The per-task trap

A task priced at $6 with a "10-minute" estimate looks like $36 an hour. If it actually
takes you 17 minutes once you've reread the guidelines and written a rationale, you're at
about $21. We have worked projects where the published estimate was off by half.[^1]

## What moves you between bands

This is the slow part. Platforms have to show their clients that the person grading a
chemistry answer really knows chemistry, so they lean hard on documents: degrees,
licenses, employment history, a portfolio. If you hold a credential that isn't on your
profile yet, upload it today. A nursing license you let lapse, a linguistics minor, five
years as a paralegal: all of these can open a queue you can't currently see.

For the longer story of how the market split this way, read
[The generalist squeeze](/articles/the-generalist-squeeze/).

## How to tell whether your rate is fair

1. Work out your effective hourly pay, including unpaid time spent reading guidelines and
   waiting for tasks to load.
2. Compare it against the band for your task type, not against the best rate you've heard
   of in a forum.
3. Subtract the costs of being self-employed: tax, equipment, software. Our
   [bookkeeping guide](/articles/bookkeeping-for-gig-trainers/) has a worked example.
4. Ask whether the work is steady. $60 an hour for six hours a month is worse than $30 an
   hour for thirty.

If you're still near the bottom of your band after all that, it's worth qualifying
somewhere else. Our piece on [qualification tests](/articles/passing-qualification-tests/)
covers how to do that without losing a weekend. Community rate surveys, such as
[this anonymized one](https://example.org/ai-training-rate-survey), help too, as long as you
take self-reported numbers with the usual pinch of salt.

[^1]: We keep a plain stopwatch running for every task in the first week of any new
    project. It's tedious, and it's the single most useful habit we have.

---

*Want rate changes in your inbox before they hit the forums?
[Join the newsletter](/newsletter/).*
""",
    },
    {
        "title": "The generalist squeeze: why expert evaluation is eating the queue",
        "slug": "the-generalist-squeeze",
        "dek": (
            "The open queues that once paid anyone with good grammar are thinning out, "
            "and the work is moving to people with credentials. What changed, and what "
            "a generalist can do about it."
        ),
        "meta_description": (
            "Why AI-training platforms are moving from generalist raters to credentialed "
            "experts, and practical options for generalists."
        ),
        "tags": ["expert-work", "pay-rates", "getting-started"],
        "hero_alt": (
            "Abstract illustration: coral rings of different sizes scattered over a navy "
            "background, with thin coral diagonal lines along the lower edge."
        ),
        "hero_caption": "",
        "days_ago": 9,
        "status": "published",
        "body": """\
A few years ago, the pitch to a new rater was simple: if you could read carefully and write
a clean sentence, there was work for you. Pick two chatbot answers, say which was better,
explain why in a paragraph. Thousands of us built a living on that.

That work still exists, but there is less of it, and it pays about what it did then, which
after inflation means it pays less. Meanwhile the queues for physicians, lawyers,
developers and PhD scientists keep growing. We call this the generalist squeeze, and if
you've felt it, you're not imagining it.

## What changed

The short version: the models got good at the easy stuff. When a model already writes a
decent cover letter, the marginal value of another thousand people rating cover letters
drops. What the model builders want now is feedback on things the model still gets
wrong, and those tend to be things only a specialist can spot:

- a drug interaction buried in a reasonable-sounding treatment plan,
- a contract clause that is fine in one jurisdiction and void in another,
- a proof that skips a step nobody without the training would notice,
- a code change that passes its tests and quietly breaks something else.

A generalist can't reliably grade those, however careful they are. So the money moves.

| | Then | Now |
|---|---|---|
| Typical task | Compare two answers on tone | Find the error in a specialist answer |
| Who qualifies | Anyone who passes a writing test | People with verifiable credentials |
| Illustrative pay | $18–$25/hr | $45–$150/hr for experts; generalist rates flat |
| Volume | Huge, steady | Lumpy, project-based |

## What "expert" means to a platform

It's worth knowing how narrowly most platforms define expertise. On Gradient Guild, for
example, "expert" usually means something a background check can confirm: a degree, a
license, a job title with dates. Skill you can't document mostly doesn't count at
sign-up, though it can count later through quality scores.

### Credentials you may be underrating

- A bachelor's degree in *any* science, which can open entry-level STEM review.
- Fluency in a second language, especially paired with a subject specialty.
- Years in a regulated job (pharmacy tech, claims adjuster, court reporter).
- A public code portfolio, even a modest one, for coding queues.

## If you're a generalist now

We aren't going to pretend everyone should go to law school. But there are sensible moves:

1. **Inventory what you already have.** Write down every credential, certificate and job
   title you've held. Put all of it on every platform profile.
2. **Specialize inside generalist work.** Raters known for careful rubric work get pulled
   into reviewer tiers and pilot projects. Our guide to
   [rubric evaluations that hold up](/articles/writing-rubric-evaluations-that-hold-up/) is a
   good place to start.
3. **Learn one adjacent skill.** Basic Python is the most common one. It won't make you a
   senior engineer, but it can qualify you for simpler
   [coding evaluation](/articles/breaking-agent-workflows/) tasks.
4. **Keep more than one platform warm,** because generalist queues are the first to dry up.

## The part nobody likes to say

Some generalist work is not coming back. Planning as if it will is how people end up with
three dry months and no savings. The rate bands in
[What the work actually pays](/articles/what-the-work-actually-pays/) are a better guide than
nostalgia. There are good summaries of the wider shift in
[industry write-ups](https://example.com/reports/annotation-market) if you want the big
picture, but the practical advice is the same: document what you know, and build toward
work that needs it.

---

*Our newsletter tracks which expert queues are opening each month.
[Sign up at /newsletter/](/newsletter/).*
""",
    },
    {
        "title": "When the queue goes empty: surviving work droughts",
        "slug": "when-the-queue-goes-empty",
        "dek": (
            "Sooner or later you'll log in to a dashboard with nothing on it. A practical plan "
            "for the first three days, the first month, and the next drought."
        ),
        "meta_description": (
            "How AI-training gig workers can plan for empty task queues: a 72-hour checklist, "
            "cash buffers and spreading work across platforms."
        ),
        "tags": ["platforms", "money-taxes", "wellbeing"],
        "hero_alt": (
            "Abstract illustration: pale sage-green rings overlapping on a dark slate "
            "background, with fine diagonal lines near the bottom."
        ),
        "hero_caption": "A dry spell is a question of when, not if.",
        "days_ago": 16,
        "status": "published",
        "body": """\
The first time it happened to us, we refreshed the task page for most of a Tuesday. Then
most of a Wednesday. The project we'd been on for five months had ended without notice,
and nothing had replaced it. That drought lasted nineteen days.

Empty queues are normal in this work. Nearly everyone we know has had one. The difference
between a scare and a crisis is almost always what you did *before* it started.

## Why queues dry up

It helps to know it usually isn't about you. Common causes:

- **A client project ends.** Most queues exist because one model builder bought a batch of
  work. When the batch is done, the queue is gone.
- **A quality recalibration.** Platforms sometimes pause a project to retrain reviewers or
  rewrite guidelines.
- **Seasonal budgets.** Quarter ends and fiscal-year boundaries can freeze spending.
- **Your tier changed.** Less often, a score dip moves you out of a project. Check your
  quality dashboard before assuming the worst.

## The first 72 hours

When the dashboard goes blank, don't spend three days refreshing it. Work the list:

1. **Check for an announcement.** Look at the platform's status page, community board and
   your email, including the spam folder.
2. **Ask once, politely.** Send one support message asking whether your account is in good
   standing and whether new projects are expected. One, not five.
3. **Log in everywhere else.** Open every other platform you're qualified on and take
   whatever reasonable work is there.
4. **Start one new qualification.** Pick a platform or project you've been putting off. Our
   [guide to qualification tests](/articles/passing-qualification-tests/) has tips.
5. **Look at your numbers.** How many weeks can you cover right now? Write the figure down.

## Building a buffer

The real defense is money in the bank, and it's boring advice because it's right. We think
in weeks of essential costs, not in a single lump:

| Buffer | What it buys you |
|---|---|
| 2 weeks | Time to requalify elsewhere without panic |
| 6 weeks | A typical drought on one platform |
| 12 weeks | A sector-wide slowdown, or a move into a new specialty |

Because income here is so lumpy, we put a fixed share of every payout into a separate
account before anything else. Even 10% adds up faster than you'd expect. Our
[bookkeeping guide](/articles/bookkeeping-for-gig-trainers/) shows how to set aside tax money
the same way, which is the other pot you must never raid.

### The three-platform rule

We try to stay active on at least three platforms, even when one is paying well enough to
fill every hour. "Active" means logging in weekly and keeping qualifications current, so
there is a warm account to fall back on. A dormant account can take weeks to wake up.

## What not to do

- Don't take on debt to wait out a drought you can't measure.
- Don't accept a task-rate so low it costs you your quality score on the next project.
- Don't pay anyone who promises "guaranteed access" to a queue. That is a scam, every
  time.[^1]

Droughts are also hard on morale, and it's worth treating that seriously. If you're using
the downtime to rest, call it rest, not failure. When things are bleak, some of the
[worker forums](https://example.org/forums/gig-trainers) are a good reminder that everyone
else is refreshing the same empty page.

[^1]: Legitimate platforms never charge you to work for them. If someone asks for a fee,
    a deposit or your login, walk away.

---

*We publish a monthly roundup of which platforms are hiring.
[Get it through the newsletter](/newsletter/).*
""",
    },
    {
        "title": "Bookkeeping for gig trainers: a system you'll actually keep",
        "slug": "bookkeeping-for-gig-trainers",
        "dek": (
            "Four payers, three currencies and no employer withholding a cent. A lightweight "
            "bookkeeping routine for AI-training income, with a worked example."
        ),
        "meta_description": (
            "A simple bookkeeping and tax set-aside routine for AI-training gig workers paid "
            "by several platforms, with a worked example."
        ),
        "tags": ["money-taxes", "pay-rates"],
        "hero_alt": (
            "Abstract illustration: bright orange rings overlapping on a deep plum "
            "background, with thin orange diagonal lines across the bottom edge."
        ),
        "hero_caption": "",
        "days_ago": 23,
        "status": "published",
        "body": """\
Nobody gets into this work for the paperwork. But if you're paid by several platforms as
an independent contractor, nobody is withholding tax for you, and the bill at the end of
the year can be a nasty surprise. Here's the system we've settled on after a couple of
painful lessons. It takes about twenty minutes a week.[^1]

## The three accounts

Keep work money apart from life money. The simplest way is three accounts:

- **Inbox.** Every platform pays into this one account. Nothing else goes in.
- **Tax.** A fixed share of every payout moves here the day it lands. You don't touch it
  except to pay tax.
- **Pay yourself.** What's left moves to your everyday account, on a schedule.

That's it. Separating the money does most of the bookkeeping for you, because the
Inbox statement *is* your income record.

## The ledger

We use a spreadsheet, one row per payout. You could use accounting software, but a sheet
you open every Friday beats an app you open in April. Our columns:

```text
date,platform,gross,fees,currency,rate_to_local,net_local,tax_set_aside,notes
2024-03-01,Tallyline,412.50,0.00,USD,1.00,412.50,103.13,writing eval batch
2024-03-04,Gradient Guild,890.00,8.90,USD,1.00,881.10,220.28,code review
2024-03-08,Quillbench,310.00,12.40,EUR,1.08,321.41,80.35,fx via transfer service
```

A few notes on that layout:

- Record the **gross** the platform reports *and* the fees. Payment processors often take a
  cut, and the fee may be deductible.
- If you're paid in another currency, record the rate you actually got, and keep the
  confirmation email.
- `notes` is for future you. "Code review" will mean something in twelve months; a
  project ID won't.

## How much to set aside

This depends on where you live and what else you earn, so the honest answer is: ask a
tax professional once, then automate. For planning, many of the people we know set aside
between 25% and 30% of net income. Here's an illustrative month:

| Item | Amount |
|---|---|
| Gross payouts, all platforms | $3,200 |
| Processor and transfer fees | −$45 |
| Net income | $3,155 |
| Tax set-aside at 25% | −$789 |
| Available to pay yourself | $2,366 |

Notice that the "hourly rate" you quote to friends isn't what you take home. Keep this in
mind when you're comparing offers using the bands in
[What the work actually pays](/articles/what-the-work-actually-pays/).

### Estimated payments

In many places, self-employed people are expected to pay tax in instalments during the
year, not in one lump at the end. Mark the deadlines in your calendar now. Missing them
can mean penalties even if you pay the full amount later. A
[plain-language explainer](https://example.org/guides/estimated-tax-basics) is worth twenty
minutes of your time.

## Expenses worth tracking

Keep receipts for anything you buy mainly for the work. Whether each is deductible depends
on your local rules, but you can't claim what you didn't record:

- a share of home internet and phone,
- a second monitor, keyboard, or a chair you bought for long sessions,
- paid software, such as a grammar tool or a code editor license,
- professional fees, like the license renewal that keeps you in an expert queue,
- a share of home-office costs, where the rules allow.

Photograph receipts the day you get them and drop them into one folder, named by date.

## The weekly twenty minutes

1. Copy new payouts from the Inbox statement into the ledger.
2. Move the tax share to the Tax account.
3. File any receipts from the week.
4. Move your "pay yourself" amount to your everyday account.

The routine also makes droughts less frightening, since you always know exactly how many
weeks you have. More on that in
[When the queue goes empty](/articles/when-the-queue-goes-empty/).

[^1]: Nothing here is tax advice. Rules differ widely between countries and regions, so
    check with a qualified professional about your own situation.

---

*Get our year-end checklist for gig trainers. [Subscribe to the newsletter](/newsletter/).*
""",
    },
    {
        "title": "Writing rubric-based evaluations that hold up under audit",
        "slug": "writing-rubric-evaluations-that-hold-up",
        "dek": (
            "Your score matters less than your rationale. How to write evaluations that a "
            "reviewer can check in thirty seconds, and that keep you in the good queues."
        ),
        "meta_description": (
            "How to write rubric-based AI evaluations with clear, checkable rationales "
            "that pass quality audits."
        ),
        "tags": ["craft", "expert-work"],
        "hero_alt": (
            "Abstract illustration: sand-yellow rings overlapping on a dark teal background, "
            "with thin yellow diagonal lines along the lower edge."
        ),
        "hero_caption": "A good rationale lets a stranger reach your score without you.",
        "days_ago": 30,
        "status": "published",
        "body": """\
Most evaluation work now comes with a rubric: a list of criteria, each with a scale and a
description of what earns each point. The rubric tells you *what* to judge. What it can't
do is write your rationale, and the rationale is what auditors actually read.

We've reviewed other people's work on Annotate Works and Gradient Guild, and the pattern is
consistent. Evaluators rarely get flagged for picking the "wrong" score. They get flagged
because nobody can tell *why* they picked it.

## What an auditor is looking for

A reviewer checking your work has maybe a minute per task. They want to answer three
questions quickly:

1. Did you apply each criterion, or skip some?
2. Does the evidence you cite actually appear in the response?
3. Would another careful evaluator, reading your note, land on the same score?

If your rationale makes those questions easy, you'll pass audits even on close calls. If
it makes them hard, you'll fail audits even when your score was right.

## A structure that works

We use the same skeleton for nearly every rubric task. It's plain on purpose:

```text
Criterion: Factual accuracy (score 2 of 4)
Evidence: Para 2 says the deadline is 30 days; the prompt's document says 14.
Impact: A reader relying on this would miss the deadline. Core error, not a detail.
Other criteria: Clarity 4/4, tone 4/4, completeness 3/4 (omits the appeal step).
```

Each line earns its place:

- **Criterion and score** first, so the auditor knows what they're checking.
- **Evidence** quoted or located precisely: "para 2", "the second code block", "the final
  sentence". Never just "some inaccuracies".
- **Impact** explains *why* the problem costs what it costs. This is where expertise shows.
- **Other criteria** briefly, so nobody wonders whether you looked.

## Weak versus strong

| Weak rationale | Strong rationale |
|---|---|
| "Response has some errors." | "States the boiling point as 90 °C at sea level; it is 100 °C." |
| "Not very helpful." | "Explains leases; the user asked about security deposits." |
| "Good response overall, 5/5." | "Meets all five criteria; the one hedge in para 3 is warranted." |
| "Tone is off." | "Uses 'obviously' twice toward a confused user; rubric asks for neutral tone." |

The strong versions are only a little longer. They take longer to *think*, not to type.

### Common traps

- **Scoring the topic, not the response.** A response about a subject you love isn't
  better for it.
- **Double-penalizing.** One factual error shouldn't sink accuracy, completeness *and*
  helpfulness unless it really does damage all three. Say which criterion owns it.
- **Rewarding length.** Rubrics almost never say "longer is better". Check before you
  assume.
- **Inventing criteria.** If the rubric doesn't mention formatting, don't dock for it,
  however much it annoys you. Flag it in a comment instead.

## When the rubric itself is wrong

Sometimes a criterion doesn't fit the task, or two criteria contradict each other. Don't
quietly improvise. Score it as the rubric literally says, note the conflict in one
sentence, and raise it in the project channel. Good project leads want to hear this, and
a pattern of useful flags is one of the fastest ways into a reviewer tier.

This kind of work is exactly what platforms now pay a premium for, as we cover in
[The generalist squeeze](/articles/the-generalist-squeeze/). If you work on code, the same
principles apply with a few twists; see
[Breaking agent workflows](/articles/breaking-agent-workflows/). For broader background,
[this primer on inter-rater agreement](https://example.org/primers/inter-rater-agreement)
explains why consistency matters so much to the people buying the data.

---

*We send one craft tip a week, written by working evaluators.
[Join the newsletter](/newsletter/).*
""",
    },
    {
        "title": "Breaking agent workflows: a field guide to coding-task evaluation",
        "slug": "breaking-agent-workflows",
        "dek": (
            "Coding agents now plan, edit files and run tests on their own. Evaluating them "
            "means finding where that loop breaks, not just whether the code compiles."
        ),
        "meta_description": (
            "A practical guide to evaluating AI coding agents: how to design tasks that "
            "expose failures and write findings reviewers trust."
        ),
        "tags": ["coding-tasks", "craft", "expert-work"],
        "hero_alt": (
            "Abstract illustration: dusty-pink rings overlapping on a near-black indigo "
            "background, with thin pink diagonal lines at the bottom."
        ),
        "hero_caption": "",
        "days_ago": 44,
        "status": "published",
        "body": """\
Coding evaluation used to mean reading a function and saying whether it was right. A lot of
it now means watching an *agent*, a model that reads a repository, makes a plan, edits
files, runs commands and reports back, and working out where that process goes wrong.
It's some of the best-paid work in the field, with illustrative rates of $50 to $90 an hour
for people with real development experience, and it rewards a particular kind of mischief.

## What you're actually judging

A typical agent task gives the model a small repository and an issue to fix. You judge the
whole trajectory, not just the final diff:

- **Did it understand the task?** Agents often fix a *nearby* problem confidently.
- **Did it verify its work?** Running the tests is not the same as reading the failures.
- **Did it stay in scope?** Rewriting half a module to fix one bug is a failure, even if
  everything passes.
- **Did it report honestly?** "All tests pass" should be true, and should mean the
  relevant tests.

## Where agents break

After a few hundred of these, you start to see the same failure shapes.[^1]

### Tests that pass for the wrong reason

The classic. The agent is asked to make a failing test pass, and it does, by changing the
test. Or it special-cases the exact input the test uses:

```python
def parse_duration(text):
    # Agent's "fix" for a failing test on "1h30m"
    if text == "1h30m":
        return 5400
    return int(text.rstrip("s"))
```

The suite is green and the function is still broken for every other input. When you see
a fix this narrow, write a second input yourself and check.

### Silent scope creep

Look at the full diff, not the summary. We've seen agents "tidy" unrelated files, bump
dependency versions, or delete a config entry they didn't understand. Any of those can
break production while the task looks solved.

### Environment confusion

Agents often assume tools or versions that aren't there, then work around the error in
odd ways, like installing packages mid-task or rewriting imports. Note whether the
workaround was reasonable or whether it would fail on the next machine.

### Overclaiming

Compare the agent's final message with what actually happened in the logs. "I've verified
the fix" after a test run that errored out is a serious finding, often more serious than
the bug itself.

## Designing tasks that expose failures

Some projects ask you to *write* the tasks, not just grade them. A good breaking task is
realistic, small and has one clear right answer that's easy to miss:

1. Start from a real-looking bug: an off-by-one in pagination, a timezone edge case, a
   race in a retry loop.
2. Make sure the existing tests don't already cover the fix, so the agent has to write or
   reason about new ones.
3. Add one tempting wrong path, such as a helper function that *looks* relevant but isn't.
4. Write down the expected diff before you run the agent, so you aren't grading on vibes.

## Writing findings reviewers trust

The principles from our piece on
[rubric evaluations](/articles/writing-rubric-evaluations-that-hold-up/) all apply. Point to
the exact step in the trajectory, quote the command or line, and say what the consequence
would be. "Step 14: edits `tests/test_parse.py` to change the expected value rather than
fixing `parse_duration`" is a finding. "Agent cheated on tests" is an opinion.

If you're getting started, simpler code-review queues are a good on-ramp; we cover the
entry tests in [Qualification tests](/articles/passing-qualification-tests/). Public
[write-ups of agent benchmarks](https://example.com/blog/agent-eval-notes) are useful for
learning the vocabulary reviewers expect.

[^1]: The examples here are simplified composites, not taken from any real project.
    Never share real task content outside the platform; it's almost always covered by
    your contractor agreement.

---

*Our coding-evaluation notes go out monthly. [Sign up for the newsletter](/newsletter/).*
""",
    },
    {
        "title": "Qualification tests: how to pass them without losing a weekend",
        "slug": "passing-qualification-tests",
        "dek": (
            "Unpaid assessments stand between you and every good queue. How to choose which "
            "to take, prepare in an evening, and avoid the mistakes that fail most people."
        ),
        "meta_description": (
            "How to prepare for AI-training platform qualification tests and onboarding "
            "assessments, including writing and coding tests."
        ),
        "tags": ["getting-started", "craft", "coding-tasks"],
        "hero_alt": (
            "Abstract illustration: tan rings overlapping on a dark olive background, with "
            "thin tan diagonal lines crossing the bottom edge."
        ),
        "hero_caption": "Most assessments reward reading the instructions twice.",
        "days_ago": 58,
        "status": "published",
        "body": """\
Every platform has a gate. Before you see a single paid task, you'll take an assessment:
a writing sample, a few practice evaluations, a timed coding exercise, sometimes all
three. Most are unpaid, some take hours, and results can take weeks. It's easy to burn a
whole weekend on tests that go nowhere. Here's how we decide which to take and how we
prepare.

## Pick your tests deliberately

Not every assessment is worth your time. Before starting one, we check:

- **Is the platform paying its current workers on time?** Search the community boards.
  Passing a test for a platform that pays late is not a win.
- **Does the test match a queue that's actually open?** Some platforms keep assessments
  running long after the project they fed has closed.
- **How long is it, honestly?** If the stated time is "about an hour", budget two.
- **Can you retake it?** Many tests are one attempt only, or have a long cooling-off period.
  If so, prepare properly or wait.

## Prepare in one evening

You don't need a course. You need the guidelines and one focused evening.

1. **Read the guidelines twice.** Once to understand, once with a pen. Most people fail on
   something the guidelines stated plainly.
2. **Make a one-page cheat sheet** of the rules that surprised you. Definitions of
   "harmful", the scoring scale, what counts as a factual error.
3. **Do the examples cold.** If the guidelines include worked examples, cover the answers
   and try them first. Check where you disagree, and why.
4. **Set up your space.** Stable connection, notifications off, and a timer running.

### Writing assessments

Writing tests usually look for three things: that you follow instructions exactly, that
you write clearly, and that you can explain a judgment. A short, precise rationale beats a
long, thoughtful essay. The structure in our piece on
[rubric evaluations](/articles/writing-rubric-evaluations-that-hold-up/) works well here too.

### Coding assessments

Coding tests are often less about algorithms than about reading. You may be shown a
model's solution and asked to find what's wrong. Run it if you're allowed, try edge cases
(empty input, huge input, unusual characters), and state the failing case plainly. If you
want a sense of where this leads, read
[Breaking agent workflows](/articles/breaking-agent-workflows/).

## Mistakes that fail most people

| Mistake | Why it fails | What to do instead |
|---|---|---|
| Rushing to beat the timer | Accuracy matters far more than speed | Use the full time |
| Using outside AI tools | Usually banned and often detected | Work from your own knowledge |
| Over-explaining | Buries the key point | Lead with the verdict, then evidence |
| Ignoring a formatting rule | Signals you won't follow guidelines | Reread the submission rules |
| Padding credentials | Verification will catch it | List exactly what you can document |

## After you submit

Write down the date, the platform and what the test covered. Results can take anywhere
from a day to a couple of months, and it's easy to lose track. If you hear nothing after
the stated window, one polite follow-up is fine.

If you fail, don't take it personally. Acceptance rates on popular tests are low, and
platforms rarely explain why. Wait out any retake period, reread the guidelines with
fresh eyes, and try again, or put the energy into a different platform. Keeping several
in progress also softens the blow of a
[dry spell](/articles/when-the-queue-goes-empty/) later on.

For a list of common assessment formats, there's a
[community-maintained overview](https://example.org/wiki/assessment-formats) that's kept
reasonably up to date.

---

*New assessments open every week. [The newsletter](/newsletter/) lists the ones worth
your time.*
""",
    },
    {
        "title": "The platform reliability tier list",
        "slug": "platform-reliability-tier-list",
        "dek": (
            "Pay rate is only half the story. We ranked the platforms we work on by how "
            "reliably they pay, communicate and keep queues full."
        ),
        "meta_description": (
            "A reliability tier list of AI-training gig platforms, ranked on payment timing, "
            "communication, queue stability and support."
        ),
        "tags": ["platforms", "pay-rates"],
        "hero_alt": (
            "Abstract illustration: pale blue rings overlapping on a deep blue background, "
            "with thin pale blue diagonal lines along the lower edge."
        ),
        "hero_caption": "Platforms named here are composites; your experience may differ.",
        "days_ago": -3,
        "status": "published",
        "body": """\
A platform that pays $45 an hour but leaves you guessing when the money lands is worth
less than one that pays $35 on the same day every week. After years of spreading our
hours across platforms, we've learned to rank them on reliability first and headline
rate second. This is our current list.

It's opinionated, based on our own accounts and what readers tell us, and it will
change. Platform names here are illustrative composites, not endorsements.

## How we scored

Each platform got a rough score from 1 to 5 on four things:

- **Payment:** Does money arrive when promised, with clear statements?
- **Communication:** Are project endings, guideline changes and score changes announced?
- **Queue stability:** Is there work most weeks, or is it feast and famine?
- **Support:** Does a human answer within a few days, and is the answer useful?

We weighted payment double, because nothing else matters if the money doesn't arrive.
Rates came last, and only as a tiebreaker: a platform can't buy its way up this list.

## The tiers

| Tier | Platform | Payment | Comms | Queue | Support | Illustrative rate |
|---|---|---|---|---|---|---|
| A | Tallyline | 5 | 4 | 4 | 4 | $25–$40 |
| A | Gradient Guild | 5 | 4 | 3 | 3 | $40–$120 |
| B | Annotate Works | 4 | 3 | 4 | 3 | $18–$30 |
| B | Quillbench | 4 | 4 | 2 | 4 | $30–$55 |
| C | Hollowbrook Data | 3 | 2 | 3 | 2 | $20–$35 |
| D | Lanternset | 2 | 1 | 2 | 1 | $35–$60 |

### Tier A: build around these

Tallyline is the dull, dependable option: mid-range rates, weekly payouts that arrive on
the day, and project endings announced a week ahead. Gradient Guild pays far more for
expert work, but its queues come in bursts, so treat it as the high-paying half of a pair.

### Tier B: good, with a catch

Annotate Works has steady volume and modest pay, a good floor while you qualify elsewhere.
Quillbench communicates well but has long stretches with nothing to do.

### Tier C and D: proceed with care

Hollowbrook has paid late more than once, with little explanation. Lanternset shows the
highest generalist rate on the list, and it's where we've heard the most stories of
accounts deactivated without notice and payouts "under review" for weeks. A high rate is
not compensation for not knowing whether you'll be paid. If you do work there, treat every
balance as money at risk until it reaches your bank.

## Using a tier list well

1. **Anchor on an A-tier platform** for dependable income.
2. **Add a high-paying platform** for upside, and expect it to be lumpy.
3. **Keep one fallback warm,** as described in
   [When the queue goes empty](/articles/when-the-queue-goes-empty/).
4. **Withdraw promptly** from any platform below tier B. Don't let a balance sit there.

Rates in the table line up with the bands in
[What the work actually pays](/articles/what-the-work-actually-pays/). If you track your
own payout dates, as our [bookkeeping guide](/articles/bookkeeping-for-gig-trainers/)
suggests, you'll have better data than any list, this one included. You can add your
experience to the [reader reliability survey](https://example.org/surveys/platform-reliability).

---

*We update this list each quarter for subscribers first. [Join the newsletter](/newsletter/).*
""",
    },
    {
        "title": "Pacing yourself: burnout in a job with no end of shift",
        "slug": "pacing-yourself",
        "dek": (
            "When the queue never closes and the pay is by the task, it's easy to work until "
            "you can't. Notes on pacing, breaks and noticing burnout before it costs you."
        ),
        "meta_description": (
            "How AI-training gig workers can pace their hours, avoid burnout and protect "
            "quality scores when work is always available."
        ),
        "tags": ["wellbeing", "getting-started"],
        "hero_alt": (
            "Abstract illustration: cream-colored rings overlapping on a dark brown "
            "background, with thin cream diagonal lines near the bottom."
        ),
        "hero_caption": "",
        "days_ago": 0,
        "status": "draft",
        "body": """\
There's a particular kind of tired that comes from this work. It isn't the tired of
physical labor or even of a long office day. It's the tired of having made four hundred
small judgments since breakfast, each of which someone might audit. And because the queue
is open at 11pm and the pay is by the task, there's always a reason to do one more.

We've burned out twice. Both times, the first sign wasn't exhaustion. It was a quality
score that started to slip.

## Why this work wears you down

- **No natural stopping point.** An office closes. A queue doesn't.
- **Feast and famine.** When work appears after a drought, the instinct is to grab all of
  it, because who knows when it'll vanish again.
- **Constant judgment.** Evaluation is decision-making all day, and decision fatigue is
  real.
- **Difficult content.** Some projects involve disturbing material. Even "ordinary"
  safety work can mean reading the worst of what people type.
- **Isolation.** Most of us work alone, with no colleague to notice we look rough.

## Warning signs

Watch for these, in yourself or in your numbers:

1. Your audit scores drop while your hours go up.
2. You reread the same paragraph three times before it sinks in.
3. You feel dread opening the dashboard, even when you know there's good work there.
4. Your rationales get shorter and vaguer. "Fine overall" starts appearing a lot.
5. You can't remember your last full day off.

The second item on that list is the one we ignore most often, and it's the most reliable.

## A pacing routine that works for us

We borrowed this from people who do other kinds of focused, piece-rate work. Adjust the
numbers, but keep the shape:

| Block | Length | What happens |
|---|---|---|
| Focus | 50 minutes | Tasks only, notifications off |
| Break | 10 minutes | Away from the screen, on your feet |
| Long break | 45 minutes | After three focus blocks; eat something |
| Daily cap | 6–7 focus hours | Then stop, even if the queue is full |

### Make the cap real

A cap only works if something enforces it. Some options we've tried:

- Log your start time and set an alarm for the cap before you begin.
- Keep a "done for today" note where you write what you'd pick up tomorrow.
- Take one full day a week with no dashboards open, not even "just to check".

### Protect yourself on hard content

If a project involves disturbing material, use any wellness breaks the platform offers,
and don't feel obliged to stay on it. Your quality score is not worth your sleep. Some
[peer support groups](https://example.org/support/content-reviewers) exist specifically
for people doing this kind of review.

## The money side of rest

Much of the pressure to overwork is really financial. It's hard to stop when you don't
know if there'll be work next week. Building a buffer, as we describe in
[When the queue goes empty](/articles/when-the-queue-goes-empty/), is one of the best
things you can do for your health as well as your bank balance. So is spreading across a
few platforms, so that no single queue has that much power over your week.

Rest isn't time off from the work. In a job judged on the quality of your attention, it's
part of the work.

---

*If this resonated, [our newsletter](/newsletter/) runs a monthly check-in for readers.*
""",
    },
]

# "Was this helpful?" answers per article: (Yes count, No count, notes sent with some of the Nos).
VOTES = {
    "what-the-work-actually-pays": (
        14,
        3,
        [
            "The same table for non-English locales would help; my rates look nothing like this.",
            "How much of each band goes to tax? A rough after-tax column would be useful.",
        ],
    ),
    "the-generalist-squeeze": (9, 2, ["More on getting an old credential verified, please."]),
    "when-the-queue-goes-empty": (11, 1, []),
    "bookkeeping-for-gig-trainers": (
        7,
        2,
        ["Nothing about estimated tax payments outside the US. Is there a version for the UK?"],
    ),
    "writing-rubric-evaluations-that-hold-up": (6, 0, []),
    "breaking-agent-workflows": (5, 1, ["A full written rationale as an example would help."]),
    "passing-qualification-tests": (8, 2, []),
}
