## DRAFT Lithuanian translation of en-GB/letters.ftl (unreviewed, 2026-11-24): a qualified translator must check it.
## Every sentence a patient reads in the 2a, 2b and 2c letters.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below (genitive: "2026 m. lapkričio 24 d.").
## The date ends in "d.", so no sentence ends with { $date } (that would print "d..").
date-long = { $year } m. { $month } { $day } d.
month-1 = sausio
month-2 = vasario
month-3 = kovo
month-4 = balandžio
month-5 = gegužės
month-6 = birželio
month-7 = liepos
month-8 = rugpjūčio
month-9 = rugsėjo
month-10 = spalio
month-11 = lapkričio
month-12 = gruodžio

## Header and reference block
label-phone = Telefonas
label-email = El. paštas
label-date = Data
label-nhs-number = NHS numeris
label-reference = Mūsų nuoroda
salutation = Gerb. { $name },
sign-off = Pagarbiai

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = Gerb. vaiko { $child } tėvai ar globėjai,
child-about = Šis laiškas yra apie vaiką { $child }, kuriam nėra 16 metų. Kur rašoma "Jūs", turimas omenyje { $child }.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $date } klinika { $practice } buvo uždaryta.
   *[no] { $date } klinika { $practice } bus uždaryta.
}
wrote-before = Anksčiau Jums rašėme ir prašėme prisirašyti prie kitos šeimos gydytojo (GP) klinikos.

## 2a: allocated to a receiving practice
title-2a = Jūsų nauja šeimos gydytojo (GP) klinika
heading-2a = Prirašėme Jus prie naujos šeimos gydytojo (GP) klinikos
reason-2a = Mūsų duomenimis, Jūs niekur kitur neprisirašėte. Kad galėtumėte ir toliau lankytis pas gydytoją, prirašėme Jus prie toliau nurodytos klinikos.
new-practice = Jūsų nauja šeimos gydytojo klinika
records-2a = Jūsų medicininiai dokumentai bus perduoti naujajai klinikai. Registracijos formos pildyti nereikia. Dėl vizito ar klausimų apie gydymą kreipkitės į kliniką.
choice-2a = Neprivalote likti šioje klinikoje. Bet kada galite prisirašyti prie kitos klinikos arba pranešti mums, jei nenorite turėti šeimos gydytojo.

## 2b: not seen or treated for 5 years or more
title-2b = Jūsų prisirašymas prie šeimos gydytojo (GP) baigėsi
heading-2b = Jūsų prisirašymas prie klinikos { $practice } baigėsi
reason-2b = Mūsų duomenimis, 5 metus ar ilgiau nesilankėte pas šios klinikos gydytoją ar slaugytoją ir negavote joje gydymo.
ends-2b = Jūsų prisirašymas baigėsi, kai klinika buvo uždaryta. Dabar neturite šeimos gydytojo klinikos, o mes Jūsų neprirašėme prie naujos.
register-2b = Jei Jums reikia šeimos gydytojo, bet kada galite prisirašyti prie klinikos netoli namų.

## 2c: lives outside the area
title-2c = Prašome prisirašyti prie šeimos gydytojo (GP) netoli namų
heading-2c = Prašome per { $days ->
    [one] { $days } dieną
    [few] { $days } dienas
    [many] { $days } dienos
   *[other] { $days } dienų
} prisirašyti prie šeimos gydytojo (GP) klinikos netoli namų
reason-2c = Mūsų duomenimis, gyvenate ne { $area } teritorijoje, kurią aptarnavo klinika, todėl negalime Jūsų prirašyti prie čia esančios klinikos.
action-2c = Prašome per { $days ->
    [one] { $days } dieną
    [few] { $days } dienas
    [many] { $days } dienos
   *[other] { $days } dienų
} nuo šio laiško datos prisirašyti prie šeimos gydytojo klinikos netoli namų. Po { $days ->
    [one] { $days } dienos
    [few] { $days } dienų
    [many] { $days } dienos
   *[other] { $days } dienų
} Jūsų prisirašymas baigsis ir neturėsite jokios šeimos gydytojo klinikos.

## Rights, finding a GP, other formats (shared)
rights-heading = Jūsų teisės pagal NHS konstituciją
constitution-choose = Jūs turite teisę pasirinkti savo šeimos gydytojo (GP) kliniką ir teisę, kad ši klinika Jus priimtų, nebent yra pagrįstų priežasčių atsisakyti; tokiu atveju Jums bus pranešta apie šias priežastis.
constitution-doctor = Jūs turite teisę nurodyti, pas kurį savo šeimos gydytojo (GP) klinikos gydytoją norėtumėte lankytis, ir teisę, kad klinika stengtųsi į tai atsižvelgti.
find-gp-heading = Kaip rasti šeimos gydytoją (GP) ir prie jo prisirašyti
find-gp = Svetainėje www.nhs.uk ieškokite "find a GP", nuskaitykite kodą arba skambinkite NHS 111. Prisirašyti galite internetu arba klinikoje. Adreso įrodymo ar asmens dokumento nereikia.
other-formats = Jei norite gauti šį laišką kita kalba, stambiu šriftu ar kitu formatu arba turite klausimų, susisiekite su mumis tel. { $phone } arba el. paštu { $email } ir nurodykite aukščiau pateiktą nuorodą.
qr-alt = QR kodas, atveriantis { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = Jūsų šeimos gydytojo (GP) klinika bus uždaryta
heading-1 = Prašome prisirašyti prie kitos šeimos gydytojo (GP) klinikos
reason-1 = Kad galėtumėte ir toliau lankytis pas gydytoją, prašome iki tos dienos prisirašyti prie kitos šeimos gydytojo klinikos. Galite pasirinkti bet kurią Jūsų vietovės kliniką, kuri priima pacientus.
nearby-practices = Šios klinikos netoli Jūsų priima naujus pacientus:
title-2 = Priminimas: Jūsų šeimos gydytojo (GP) klinika bus uždaryta
heading-2 = Priminimas: prašome prisirašyti prie kitos šeimos gydytojo (GP) klinikos
reason-2 = Mūsų duomenimis, Jūs dar neprisirašėte prie kitos klinikos. Prašome prisirašyti, kol klinika { $practice } dar neuždaryta, kad galėtumėte ir toliau lankytis pas gydytoją.
warning-2 = Jei neprisirašysite prie kitos klinikos ir nepranešite mums, kad nenorite turėti šeimos gydytojo, prirašysime Jus prie klinikos netoli Jūsų.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $date } klinika { $practice } bus uždaryta. Prisirašykite prie kitos šeimos gydytojo klinikos: ieškokite "find a GP" svetainėje nhs.uk. Klausimai? Skambinkite { $phone }.
sms-2 = Priminimas: { $date } klinika { $practice } bus uždaryta. Prisirašykite prie kitos šeimos gydytojo klinikos, kitaip prirašysime Jus prie klinikos netoli Jūsų. Klausimai? Skambinkite { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] Pridedame Jūsų laišką apie prisirašymą prie šeimos gydytojo (GP), parašytą nesutrumpintu Brailio raštu.
   *[two] Pridedame Jūsų laišką apie prisirašymą prie šeimos gydytojo (GP), parašytą Brailio raštu.
}
