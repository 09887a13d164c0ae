"""Sentence, headline and list templates for the prose generator (data only).

Slots: {country} {Country} {country_s} (possessive) {other} {other_s} {capital} {topic} {Topic}
{adj} {adj2} (the country's adjective) {actor} {Actor} {body} {Body} {verb} {analyst} {role}
{tank} {outlet} {month} {year} {amount} {pct} {n} {season} {weekday}.
"""

from __future__ import annotations

HEADLINES: tuple[str, ...] = (
    "{Country_s} {adj} bet on {topic}",
    "Why Washington should rethink {topic} with {country}",
    "Diplomacy Watch: {Country} and {other} edge toward talks",
    "Why {topic} won’t fix what ails {country}",
    "{n} things to know about {topic} in {country}",
    "The {adj} logic of {topic}",
    "Inside {capital}’s {adj} gamble on {topic}",
    "Congress is sleepwalking into {topic} with {country}",
    "What {country_s} turn on {topic} means for U.S. policy",
    "{Country} and the limits of {topic}",
    "The hidden costs of {topic} in {country}",
    "Restraint, not {topic}, is the answer in {country}",
    "Washington keeps getting {country} wrong",
    "{Country_s} {topic} problem is America’s problem too",
    "{Topic}: back on the table in {capital}",
    "Is {other} the real winner of {country_s} {adj} crisis?",
)

SEO_HEADLINES: tuple[str, ...] = (
    "{Topic} and {country}: what the latest moves mean",
    "{Country} {topic} explained",
    "{Country}, {other} and the fight over {topic}",
)

STANDFIRSTS: tuple[str, ...] = (
    "A {adj} shift in {capital} could reshape {topic} across the region.",
    "Officials in {capital} insist nothing has changed. The evidence says otherwise.",
    "The debate over {topic} has exposed old divisions — and a few new ones.",
    "Washington’s approach to {country} rests on assumptions that no longer hold.",
    "{Country} wants a deal on {topic}. The question is what it will give up.",
    "Lawmakers have yet to ask the most basic questions about {topic}.",
    "The policy has outlived its rationale. Nobody in Washington wants to say so.",
    "Talks with {other} offer a way out, if Washington is willing to take it.",
    "A close look at the numbers behind {topic} tells a {adj} story.",
)

SENTENCES: tuple[str, ...] = (
    "{Actor} {verb} a new approach to {topic} this week, a move that caught officials in {capital} off guard.",
    "For {country}, the stakes of {topic} are anything but abstract.",
    "“This is a {adj} moment for {topic},” said {analyst}, {role} at {tank}.",
    "According to {outlet}, talks between {country} and {other} stalled over the sequencing of any agreement.",
    "{Body} has {verb} its own proposal, though diplomats say it lacks the votes to pass.",
    "The {adj} truth is that the push on {topic} has rarely delivered what its champions promised.",
    "Critics in {capital} argue that the current line on {topic} serves outside powers more than {adj2} citizens.",
    "Since {month} {year}, {actor} has approved more than ${amount} billion in related spending.",
    "None of this is new: {other} tried a similar strategy a decade ago, with mixed results.",
    "{Analyst}, who has followed {topic} for years, called the latest step “{adj} — and reversible.”",
    "Supporters counter that a focus on {topic} buys time for diplomacy, and that time is what {country} lacks.",
    "The numbers are stark: roughly {pct} percent of the budget now goes to {topic}.",
    "{Body} warned in {month} that the situation in {country} could deteriorate quickly.",
    "Officials from {country} and {other} met in {capital} on {weekday} for what one participant called “frank” discussions.",
    "Washington’s options are narrower than they look, and {actor} knows it.",
    "A {adj} consensus has formed around {topic}, but it may not survive the next crisis.",
    "That leaves {actor} with a choice between escalation and a {adj} compromise.",
    "Public opinion in {country} has shifted, with polls showing growing skepticism of {topic}.",
    "In private, {adj2} officials concede that the pressure over {topic} has not changed {other_s} calculations.",
    "The result, as {outlet} put it, is “a policy in search of a strategy.”",
    "Few expect a breakthrough before the {season}, when {body} is due to review the file.",
    "Even so, the episode shows how quickly the fight over {topic} can crowd out everything else on the agenda.",
    "Restraint, in this case, would mean talking to {capital} before the next round of escalation.",
    "Nobody in {capital} seems to have a plan for what comes after the current round of {topic}.",
    "As one former official put it, “We keep expecting a different result from the same playbook.”",
    "The costs fall hardest on ordinary people in {country}, who have little say in any of it.",
    "{Analyst} of {tank} put it bluntly: “Nobody has explained what success looks like.”",
    "Diplomats in {capital} describe the mood as tense, if not quite hopeless.",
    "A report by {tank} in {month} found that most of the money never reached its intended recipients.",
    "The {adj2} government has denied any change of course, but its actions tell a different story.",
    "Lawmakers from both parties have asked {actor} for a full accounting, so far without success.",
    "{Other} has watched all of this closely, and its leaders have drawn their own conclusions.",
    "Behind closed doors, {body} has urged both sides to step back from the brink.",
    "For now, the ceasefire lines around {capital} are holding — barely.",
    "The last time Washington tried this, in {year}, the results were mixed at best.",
    "“We are not asking for charity,” one {adj2} negotiator told {outlet}. “We are asking to be heard.”",
    "It would be a mistake to read too much into a single meeting in {capital}.",
    "Still, the direction of travel is clear, and it does not favor the hawks.",
    "Regional governments, from {other} outward, are hedging their bets.",
    "Each new round of {topic} has raised the price of any eventual settlement.",
    "Those who warned about mission creep in {year} have been proved largely right.",
    "Markets in {capital} fell sharply on the news before recovering later in the week.",
    "An estimated {amount},000 people have been displaced since the crisis began in {month}.",
    "The administration’s own inspector general raised similar concerns in {year}.",
    "Independent monitors from {body} have had only limited access to the affected areas.",
    "{Actor} did not respond to a request for comment.",
    "Skeptics note that similar promises were made, and broken, in {year}.",
    "There is, in short, no military solution to what is fundamentally a political problem.",
    "Whether {other} will go along is another matter entirely.",
    "A serious strategy would start by asking what {country} itself wants.",
)

LEDE_SENTENCES: tuple[str, ...] = (
    "{Country} is once again at the center of a fight over {topic}.",
    "The argument over {topic} in {country} has reached a turning point.",
    "Few issues divide {capital} and Washington like {topic}.",
    "{Actor} is quietly reshaping U.S. policy on {topic} toward {country}.",
    "A little-noticed decision in {capital} has put {topic} back on Washington’s agenda.",
    "When {adj2} officials arrived for talks on {topic} last {weekday}, expectations were low.",
    "The debate over {topic} in {country} is often framed as a choice between strength and weakness.",
    "Ask anyone in {capital} about {topic}, and you will hear a familiar complaint.",
    "It has been a {adj} month for anyone hoping for progress on {topic} in {country}.",
    "Washington’s policy on {topic} toward {country} is running on autopilot.",
)

HEADINGS: tuple[str, ...] = (
    "What changed in {capital}",
    "The view from {other}",
    "Why the {topic} question matters now",
    "A better path",
    "What Congress can do",
    "The risks ahead",
    "Follow the money",
    "How we got here",
    "The diplomatic option",
    "What {country_s} neighbors think",
    "Lessons from {year}",
)

LIST_ITEMS: tuple[str, ...] = (
    "Pause new commitments on {topic} until {body} reports back.",
    "Open a direct channel to {capital} and keep it open.",
    "Require {actor} to publish the full cost of {topic}.",
    "Consult {other} before any new deployment.",
    "Tie further support to verifiable steps on the ground in {country}.",
    "Set a clear end date instead of an open-ended mission.",
    "Hold public hearings before any new funding for {topic}.",
    "Work with {body} on independent monitoring.",
    "Lift the measures that hurt civilians in {country} most.",
)

SEASONS = ("spring", "summer", "autumn", "winter", "new year", "next summit")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
