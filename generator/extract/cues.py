"""Word lists the rules read. Lemmas, lower case.

Kept apart from the rules so that widening a lexicon is a one-line change with
a test beside it, and so that every list can be read in one place.
"""

from __future__ import annotations

from typing import Any


def words(text: str) -> frozenset[str]:
    """A word list written as text, one or more words a line."""
    return frozenset(text.split())

# Lemmas the small model gets wrong, mended when the word starts with the right one:
# "hopes" -> "hop".
LEMMA_SLIPS = {"hop": "hope"}


def lemma_of(tok: Any) -> str:
    """A token's lemma, lower case, with LEMMA_SLIPS mended."""
    lemma: str = tok.lemma_.lower()
    right = LEMMA_SLIPS.get(lemma)
    return right if right and tok.lower_.startswith(right) else lemma


# Verbs that attribute a statement to their subject whatever their complement:
# with a clause, a quotation or an object they report something said.
SPEECH_VERBS = words("""
say tell add state claim assert allege argue contend insist maintain report announce
declare warn explain note write tweet post comment remark reply respond answer
acknowledge admit concede confirm deny reject dismiss refute dispute rebut rebuff disagree
accuse blame charge predict estimate testify inform brief caution boast counter
retort quip joke muse observe mention repeat reiterate recount recall reveal disclose
stress emphasize emphasise underscore highlight complain lament proclaim assure
swear vow pledge promise threaten urge demand insist contradict concede suggest
propose recommend speculate point reaffirm affirm aver opine editorialize chant
cite describe call label brand dub characterize characterise term decry condemn
criticize criticise slam blast attack lambast praise hail applaud defend question
challenge disavow repudiate debunk discredit decline refuse signal indicate imply
acknowledge ask plead
shout yell scream exclaim mutter whisper snap grumble interject scold chide rebuke
reprimand berate chastise brag gush rave marvel sigh beg implore inquire query confess
""")

# Verbs of thought, finding and showing: an attribution only with a clause
# ("experts believe that ...", "the poll shows that ..."), never with a bare object.
CLAUSE_VERBS = words("""
believe think feel fear hope expect worry know understand doubt suspect assume guess
agree disagree show find conclude determine learn hear see realize realise predict
imagine consider figure reckon wonder insist acknowledge recognize recognise
indicate suggest estimate project forecast calculate conclude want wish plan intend
decide hope seem appear rule
""") - SPEECH_VERBS

# Cue verbs whose complement must be a clause, quote or "as"-phrase to count:
# with a bare object they are not speech ("called a meeting", "added sugar").
NEEDS_CLAUSE = words("""
add call point note show find see hear know learn signal indicate answer ask charge
describe label brand dub term post write attack defend question challenge decline refuse
threaten promise pledge vow cite plead
""")

# Denial proper: the verb itself rejects what its object or clause says.
DENIAL_VERBS = words("""
deny refute rebut disavow repudiate debunk contradict dispute contest gainsay disagree
""")

# Reject-type verbs: a denial only when the object is a claim ("rejected the
# report") or the verb is completed by a dismissive "as"-phrase ("dismissed the
# claim as groundless"); "dismissed by the senate" said of a bill is not.
REJECT_VERBS = words("""
reject dismiss rebuff discount discredit
""")

# Verbs that label their object: a denial when the label is dismissive
# ("called the reports baseless").
LABEL_VERBS = words("""
call label brand dub term describe characterize characterise deem
""")

# Nouns that stand for a claim, so that "denied the report" or "rejected these
# allegations" is a denial, and "the report" can point back at a claim.
CLAIM_NOUNS = words("""
claim allegation accusation charge report reports story suggestion assertion
rumour rumor speculation notion idea assessment account version finding findings
statement remark remarks comment comments assertion insinuation smear speculation
reporting contention theory narrative article charge criticism criticisms
""")

# Nouns for reports and documents: sources that are not people. Definite and
# bare ("the report"), they point back at whoever the article already cited.
DOCUMENT_NOUNS = words("""
report reports study survey poll analysis document documents data screenshot letter
memo statement filing record records paper review audit investigation inquiry
article story book email e-mail message post tweet video footage transcript
release figures estimate estimates datum slide chart graph ad advertisement clip brief
ruling decision opinion verdict complaint lawsuit suit motion proposal platform average averages
tally count model projection forecast index ranking rating ratings assessment editorial column
op-ed petition resolution communique communiqué speech testimony blog posting examination autopsy
post-mortem inquest probe
""")

# Verbs of putting out a document: the subject of "a speech X delivered", "a
# letter X wrote" is its author.
AUTHORING_VERBS = words("""
deliver give write send issue release publish sign post tweet make prepare file draft pen
produce compile author commission submit
""")

# Objects of "deny" that make it refusal, not denial ("denied entry").
REFUSAL_OBJECTS = words("""
entry access bail permission visa request application appeal motion license licence
service boarding admission passage right rights benefit benefits care treatment
coverage funding loan credit asylum parole
""")

# Words that dismiss what was said: "baseless", "groundless", "a hoax".
DISMISSIVE = words("""
baseless groundless unfounded false untrue fake fabricated fabrication fabrications
nonsense absurd ridiculous preposterous ludicrous lie lies lying hoax disinformation
misinformation propaganda fiction fictitious slander slanderous libel libelous
defamatory smear smears rubbish garbage bogus inaccurate incorrect wrong erroneous
misleading speculation speculative unsubstantiated unproven baloney hogwash
fantasy invention invented made-up concocted spurious sham farce canard myth motivated meritless
frivolous
exaggerated exaggeration overstated inflated distorted distortion untruthful
witch-hunt
provocation provocative slur slurs
thin flimsy dubious implausible laughable outlandish far-fetched fanciful nonsensical disingenuous
biased one-sided sensationalist skewed
malicious scurrilous vexatious specious trumped-up
scaremongering fearmongering alarmist
misplaced misguided mistaken misconceived ill-informed uninformed
""")

# Words that say a source made something up, after "accused X of ...".
DECEIT = words("""
lying lie lies disinformation misinformation fabricating fabrication fabricate
peddling spreading smear smearing slander slandering propaganda hoax fake
misleading mislead deceiving deceive distorting distort twisting falsifying
""")

# Places that act as bodies ("the city sent a letter"; "the state said").
PLACE_NOUNS = words("city state county town village country province region district municipality")

# Verbs whose passive subject is the one accused ("accused of fraud by the
# opposition"); the passive of any other speech verb is its addressee's
# ("asked whether he had met her", "told of the report").
ACCUSING = words("accuse charge suspect")

# Governors that cancel a cue: "declined to deny", "refused to confirm".
CANCELLING = words("""
decline refuse fail hesitate avoid
""")

# Singular nouns for one person by their role: "a spokesperson for ..." is a person.
PERSON_ROLE_NOUNS = words("""
spokesperson spokesman spokeswoman official minister secretary president
vice-president chairman chairwoman chair director chief head leader adviser advisor
aide ambassador envoy diplomat senator congressman congresswoman representative
governor mayor lawyer attorney prosecutor judge justice officer commander general
analyst expert economist scientist researcher professor doctor physician nurse
source insider witness resident activist campaigner critic candidate nominee
manager executive ceo founder owner member employee worker staffer strategist
pollster consultant counsel premier chancellor king queen prince princess
archbishop bishop pope priest cleric imam rabbi pastor reverend commissioner
inspector investigator detective sheriff deputy colonel captain lieutenant sergeant
negotiator mediator coordinator administrator superintendent principal teacher
student journalist reporter editor columnist correspondent anchor host author writer
publisher producer actor actress singer player coach athlete spokesmodel
striker goalkeeper midfielder winger quarterback pitcher batsman bowler jockey referee umpire
man woman person officer representative delegate lawmaker legislator politician mp mep msp
constable marshal warden coroner surgeon councillor councilor alderman magistrate
""")

# People named by what they are in the story ("the teenager", "a 34-year-old man",
# "the suspect"): someone who can speak, deny, be accused.
PERSON_NOUNS = words("""
man woman boy girl teenager teen youth child kid baby adult pensioner suspect defendant accused
victim driver passenger pilot patient resident neighbour neighbor owner tenant landlord student pupil
worker employee customer shopper tourist visitor fan player athlete climber hiker soldier guard inmate
prisoner detainee convict suspect protester demonstrator survivor witness farmer fisherman shopkeeper
friend colleague classmate bandmate teammate flatmate roommate acquaintance
""")

# People named by kinship ("his ex-wife agreed", "her son said"): speakers, not titles.
KIN_NOUNS = words("""
wife husband ex-wife ex-husband widow widower spouse partner mother father mom dad parent
son daughter child brother sister sibling uncle aunt nephew niece cousin grandmother grandfather
grandson granddaughter fiancé fiancée fiance fiancee girlfriend boyfriend
""")

# Every noun for a person: by title, by what they are in the story, by kinship.
PEOPLE_NOUNS = PERSON_ROLE_NOUNS | PERSON_NOUNS | KIN_NOUNS

# Singular nouns for organisations: "the government", "the embassy".
ORG_NOUNS = words("""
government ministry department embassy consulate agency company firm corporation
church campaign administration police military army navy force forces court
party committee council union commission office bureau authority authorities
parliament congress senate house assembly board group organisation organization
association federation institute institution foundation university hospital
newspaper network channel station broadcaster team club bank fund regime cabinet
kremlin white_house movement coalition alliance service services center centre panel jury opposition
tribunal legislature plant factory mill operator regulator watchdog
network outlet paper magazine website site administration secretariat
airline carrier utility insurer retailer manufacturer automaker carmaker maker supplier contractor
developer distributor lender exchange giant startup conglomerate charity trust society consortium
junta militia palace delegation mission inspectorate directorate prosecution defence defense
school college academy railway airport studio side
zoo museum library gallery theatre theater prison jail hotel restaurant supermarket brand label festival
coastguard ombudsman
""")
# Who speaks for someone else: "his lawyer, Ellen Brooks" is on his side.
REPRESENTATIVE_NOUNS = words("""
lawyer lawyers attorney solicitor barrister counsel advocate spokesman spokeswoman spokesperson
agent representative aide adviser advisor publicist
""")
# "the company", "a firm spokesperson": never a body the article calls one of these
COMPANY_NOUNS = words("company firm corporation")
# Last words of a company's name ("Kessler Mining", "Norvik Energy", "Acme Holdings").
COMPANY_NAME_ENDS = words("""
mining energy motors airlines airways foods holdings industries systems technologies capital partners
pharmaceuticals pharma inc ltd plc llc corp co gmbh media communications telecom chemicals steel oil gas
power electric insurance logistics shipping construction properties entertainment labs software solutions
enterprises brands retail
""")
# ... and of bodies that care, teach or house ("Silverline Care"): a name beside a
# person's noun ending so is a body's ("the home's owner, Silverline Care").
BODY_NAME_ENDS = COMPANY_NAME_ENDS | words("care homes housing healthcare health services trust group")
NOT_COMPANY_NOUNS = words("""
government ministry department embassy agency church campaign administration police army
court party committee council union commission authority parliament association federation
institute foundation university newspaper broadcaster regime movement coalition alliance
charity watchdog regulator opposition tribunal
""")
# a "group" that campaigns is no company ("environmental group", "a rights group")
ADVOCACY_WORDS = words("""
environmental campaign pressure rights lobby activist consumer advocacy conservation green protest
civil citizen community resident patient parent
""")


# Plural nouns that stand for people: "two US officials", "critics".
GROUP_NOUNS = words("""
official officials source sources expert experts critic critics analyst analysts
observer observers resident residents witness witnesses activist activists
supporter supporters opponent opponents leader leaders member members lawmaker
lawmakers legislator legislators republican republicans democrat democrats
voter voters worker workers scientist scientists researcher researchers doctor
doctors investigator investigators prosecutor prosecutors associate associates
aide aides adviser advisers advisor advisors diplomat diplomats people protester
protesters organizer organizers economist economists employee employees
fan fans parent parents citizen citizens local locals family families victim victims survivor survivors
relative relatives colleague colleagues friend friends ally allies rival rivals child children kid kids
youth veteran veterans immigrant immigrants refugee refugees woman women man men people
staff staffer staffers crew personnel
""")

# Tokens dropped from the front of a name: determiners, quantifiers, honorifics.
NAME_DROP = words("""
the a an both two three four five six seven eight nine ten several some many few
most all other another one various numerous multiple unnamed anonymous
""")

# Titles the model takes into a person's name ("Police Constable Simon Hood",
# "Sheikh Omar Bakri", "Detective Inspector Jane Marr"): the name starts after them.
PERSON_TITLES = PERSON_ROLE_NOUNS | words("""
constable pc detective inspector sergeant superintendent police chief magistrate judge justice lord lady
baroness baron dame sir sheikh shaikh ayatollah mullah imam rabbi father councillor councilor alderman
mp mep senator congressman congresswoman governor mayor speaker premier chancellor president
vice deputy foreign prime interior defence defense finance home lance corporal major marshal admiral
brigadier commodore cardinal emir crown field prosecutor dr prof professor rev reverend
""")

HONORIFICS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Sen.", "Rep.", "Gov.", "Prof.")

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "you"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})

# Adverbs and adjectives that mark an assertion as someone's, unnamed:
# "an alleged takeover", "reportedly hacked".
HEDGES = words("""
alleged allegedly purported purportedly reportedly supposedly claimed rumoured rumored
""")

# Verbs of stance, intent and public acts of communication: with a person or an
# organisation as subject they attribute a position ("endorsed Clinton",
# "unveiled a plan", "mocked the proposal"). Weaker than speech verbs.
STANCE_VERBS = words("""
endorse offer encourage support reference discuss speak talk promote send seek issue document
liken express view release mock denounce detail identify deliver link compare invoke paint echo
downplay file tout unveil embrace brag press vote address back outline chastise debate admire
advocate grill approve refer implore deride resent resist sign envision persuade laud scold prefer
oppose rail confront extol shout sponsor repeal overturn exhort thank ignore specify recite publish
present investigate introduce praise welcome celebrate applaud commend endorse champion favor favour
reject veto block dispute contest criticise criticize lambaste berate rebuke denounce ridicule
dismiss defend justify excuse blame fault target accuse attack assail slam blast hit question
probe demand request seek urge plead appeal lobby campaign push pressure invite challenge dare
pledge vow promise commit threaten warn caution predict forecast estimate project envisage
plan intend aim want wish hope expect try attempt strive vie decline refuse
acknowledge recognize recognise concede admit apologize apologise regret lament mourn
highlight stress emphasize emphasise underline underscore note mention cite quote recount recall
describe characterize portray depict frame label brand dub call term
propose suggest recommend advise counsel rule
""")

# Nouns that report a statement or stance of whoever owns them: "Clinton's plan
# to ...", "his claim that ...", "the senator's criticism of ...".
NOMINAL_CUES = words("""
claim claims allegation allegations accusation accusations charge charges statement statements
comment comments remark remarks promise promises pledge pledges plan plans proposal proposals
call calls demand demands warning warnings assertion assertions argument arguments suggestion
suggestions criticism criticisms belief beliefs view views decision determination effort efforts
refusal insistence admission announcement assessment prediction predictions vow threat threats
denial denials request requests appeal offer endorsement support opposition concern concerns
fear fears hope hopes conclusion findings finding message letter response reply answer
description characterization explanation defense defence praise attack attacks intention intent
theory theories idea ideas position stance opinion opinions contention emphasis advice missive
worry worries doubt doubts skepticism scepticism admiration adulation acknowledgment acknowledgement
recommendation recommendations objection objections complaint complaints expectation expectations
bet bets wager pitch
""")

# Verbs of perceiving or recording someone's words: in the passive with a
# participle ("was heard saying", "was quoted as saying", "was caught on tape
# telling") their subject is the speaker.
PERCEIVED = words("""
hear overhear see quote record catch film tape videotape photograph spot observe show
""")

# Occasions and places where something is said ("spoke at a rally", "debated on
# a regular basis"): a phrase about one of them is when or where, not what.
OCCASION_NOUNS = words("""
rally conference event gathering forum meeting summit convention hearing ceremony dinner luncheon
breakfast fundraiser stop hall session briefing debate interview program show broadcast appearance
basis occasion time day night week weekend morning afternoon evening
""")

# Adjectives of stance after "be": "X is confident that ...", "X was critical of ...".
STANCE_ADJECTIVES = words("""
confident sure certain convinced adamant insistent worried concerned anxious afraid fearful hopeful
optimistic pessimistic skeptical sceptical doubtful critical supportive opposed hostile aware
unaware eager keen determined reluctant unwilling willing ready open proud ashamed angry furious
upset frustrated disappointed pleased happy satisfied unhappy dissatisfied troubled alarmed
dismissive wary cautious coy silent vocal outspoken clear adamant emphatic
""")

# --- claim or statement (checkable.py) -------------------------------------------------

# Cues that present their content as an assertion of fact, whatever its grammar:
# allegations, accusations, blame, reports, findings and admissions.
CLAIM_CUES = words("""
claim allege accuse blame charge report reveal disclose confirm admit acknowledge concede testify
assert contend maintain aver find show conclude determine discover prove establish uncover
verify detect document record estimate calculate count measure leak suspect according to hedge
""") | {"according to"}

# Cues whose act is not an assertion: directives and appeals, commitments and
# threats, praise and condemnation, feelings, wishes and prayers, stances.
STATEMENT_CUES = words("""
promise pledge vow threaten swear urge demand plead ask appeal request propose recommend advise
invite encourage implore exhort beg pray thank congratulate praise hail applaud welcome commend
laud salute condemn criticise criticize slam blast attack lambast lambaste decry denounce deplore
mock ridicule chastise scold rebuke berate lament mourn regret apologise apologize hope wish want
plan intend decide aim endorse support back oppose favor favour prefer defend question challenge
joke quip muse vote sign offer seek
""")

# Labelling cues: a label is an evaluation ("called it a matter of public health")
# unless the cue has a clause of its own to assert.
LABELLING = LABEL_VERBS | {"call"}

# Verbs for what the speaker means, wants or is about to do ("we plan to ...",
# "I hope ...", "they want ..."): a statement of intent, not of fact.
INTENT_VERBS = words("""
plan intend want hope wish aim seek expect vow promise pledge decide mean look threaten prepare
""")

# Ongoing efforts a speaker reports of themselves ("we are working closely with
# ...", "she was considering it"): what they are doing about something, not a fact
# about the world.
EFFORT_VERBS = words("""
work consider look monitor investigate review assess examine study watch explore evaluate
discuss negotiate prepare plan try seek wait cooperate engage pursue weigh talk reach
""")

# Verbs a first-person speaker performs by saying them ("we condemn ...", "I
# thank ..."), and verbs of feeling and wanting.
PERFORMATIVE_VERBS = STATEMENT_CUES | words("""
feel love like hate appreciate need believe stand wish welcome warn call insist
""")

# Modal auxiliaries that make a clause a prediction, a possibility or a duty
# rather than a statement of fact ("would", "must", "might"). "can" is left
# out: ability is checkable ("the plant can make 500 cars a day").
NON_FACTUAL_MODALS = words("will 'll wo would 'd shall should must might may ought need")

# Predicates of evaluation, feeling and uncertainty: "was not a good idea",
# "nowhere near enough", "a concern", "inevitable", "unclear".
EVALUATIVE = words("""
good bad great best worst better worse right wrong fair unfair important unimportant necessary
unnecessary essential crucial vital key enough sufficient insufficient inadequate adequate acceptable
unacceptable appropriate inappropriate reasonable unreasonable ridiculous outrageous shameful
disgraceful terrible horrible awful wonderful excellent amazing incredible fantastic tremendous
beautiful sad tragic unfortunate disappointing encouraging welcome positive negative irresponsible
reckless ready proud happy glad pleased sorry grateful thankful confident optimistic pessimistic
hopeful worried concerned disappointed angry upset inevitable possible impossible likely unlikely
probable unclear uncertain unknown difficult hard easy concern concerns mistake shame disgrace tragedy
outrage priority idea step victory win disaster travesty honour honor privilege pleasure
matter question questions problem challenge opportunity success failure duty obligation
responsibility committed determined eager keen willing unwilling able unable interested
worth worthy deserve unjust just wise unwise smart stupid dumb foolish crazy insane silly
absurd unprecedented historic remarkable extraordinary serious grave
""")

# Feelings a speaker states of themselves: "we are saddened", "I was shocked".
FEELINGS = words("""
sadden saddened shock shocked delight delighted thrill thrilled heartbroken devastate devastated honor
honored honour honoured humble humbled excite excited appal appalled horrify horrified outrage outraged
dismay dismayed surprise surprised encourage encouraged disappoint disappointed trouble troubled
alarm alarmed disturb disturbed overwhelm overwhelmed
""")

# Copulas: "is", "seems", "remains" followed by what the subject is said to be.
COPULAS = words("be seem remain become look sound appear feel stay")

# --- who "he" and "she" can be (actors.py) ------------------------------------------------

# Common English first names, for the gender a "he" or "she" must fit when the
# article itself does not say (no "Mr."/"Mrs.", no "spokeswoman"). A name in
# neither list says nothing; the article's own evidence outweighs this one.
# Names given to both (Terry, Robin, Kelly, ...) are in neither.
MALE_FIRST_NAMES = words("""
aaron adam adrian alan albert alexander alexei alfred andrew andy angus anthony antonio arthur
barack barry ben benjamin bernard bernie bill billy bob bobby boris brad bradley brandon brett brian
bruce bryan carl carlos charles charlie chris christopher chuck clarence colin craig dale dan daniel
danny darren dave david dennis derek dick dmitry don donald doug douglas dylan ed eddie edward emmanuel
eric ernest eugene evan frank franklin fred frederick gary gavin geoffrey george gerald gordon graham
greg gregory hank harold harry henry howard hugh ian isaac jack jacob jake james jason jeff
jeffrey jeremy jerry jesse jim jimmy joe joel john johnny jon jonathan jorge jose joseph josh joshua
juan justin keith ken kenneth kevin larry lawrence leo leon louis luis
luke marco marcus mark martin matt matthew max michael mick mike mitch mitchell mohammed muhammad
nathan neil nicholas nick nigel noah oliver omar oscar owen patrick paul pete peter phil philip
ralph randy ray raymond reince richard rick robert rod rodney roger ron ronald ross roy rudy
russell ryan samuel scott sean sergei seth shawn simon stanley stephen steve steven stuart
ted thomas tim timothy todd tom tommy tony travis trevor troy tyler vernon victor vince
vincent vladimir walter warren wayne william willie xi yuri zach
""")
# Given names used for both sexes: a given name, but no clue to a "he" or a "she".
UNISEX_FIRST_NAMES = words("sam alex chris pat jo kim jamie jordan taylor casey robin charlie frankie")

FEMALE_FIRST_NAMES = words("""
abigail adriana alice alicia alison amanda amber amy ana andrea angela angelina ann anna anne
annie april ashley barbara becky betsy betty beverly brenda brittany carla carly carmen carol
caroline carolyn catherine cathy charlotte chelsea cheryl christina christine claire clara
claudia cynthia danielle deborah debbie debra denise diana diane donna doris dorothy
elaine eleanor elena elizabeth ellen emily emma erica erin evelyn fiona frances gabrielle
gail gina gloria grace hannah heather heidi helen hillary holly hope ivanka jacqueline
jane janet janice jean jeanne jennifer jenny jessica jill joan joanna joanne jodi josephine
joy joyce judith judy julia julie karen kate katherine kathleen kathryn kathy katie kay kayleigh
kellyanne kimberly kirsten kristen laura lauren linda lisa liz loretta lori louise lucy
lynn madeleine maggie margaret maria marie marilyn martha mary maxine megan melania
melissa michelle monica nancy naomi natalie nicola nicole nikki nina olivia pam pamela patricia
patty paula pauline penny rachel rebecca rita roberta rose rosa ruth sally samantha sandra
sara sarah sharon shirley sophie stephanie sue susan suzanne sylvia tamara tammy teresa theresa
tina valerie vanessa victoria virginia wendy yvonne zoe
""")
# A given name that says a he or a she; and any given name at all.
FIRST_NAMES = MALE_FIRST_NAMES | FEMALE_FIRST_NAMES
GIVEN_NAMES = FIRST_NAMES | UNISEX_FIRST_NAMES

