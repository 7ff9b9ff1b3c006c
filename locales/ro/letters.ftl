## DRAFT Romanian translation of en-GB/letters.ftl (unreviewed, 2026-11-24): a qualified translator must check it.
## Every sentence a patient reads in the 2a, 2b and 2c letters.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below ("24 noiembrie 2026").
date-long = { $day } { $month } { $year }
month-1 = ianuarie
month-2 = februarie
month-3 = martie
month-4 = aprilie
month-5 = mai
month-6 = iunie
month-7 = iulie
month-8 = august
month-9 = septembrie
month-10 = octombrie
month-11 = noiembrie
month-12 = decembrie

## Header and reference block
label-phone = Telefon
label-email = E-mail
label-date = Data
label-nhs-number = Număr NHS
label-reference = Referința noastră
salutation = Bună ziua, { $name },
sign-off = Cu stimă

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = Bună ziua, părinte sau tutore al copilului { $child },
child-about = Această scrisoare privește copilul { $child }, care are sub 16 ani. Acolo unde scrie "dumneavoastră", este vorba despre { $child }.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } s-a închis pe { $date }.
   *[no] { $practice } se închide pe { $date }.
}
wrote-before = V-am scris deja, rugându-vă să vă înregistrați la alt medic de familie (GP).

## 2a: allocated to a receiving practice
title-2a = Noul dumneavoastră medic de familie (GP)
heading-2a = V-am înregistrat la un nou medic de familie (GP)
reason-2a = Conform evidențelor noastre, nu v-ați înregistrat în altă parte. Pentru a putea merge în continuare la medic, v-am înregistrat la cabinetul de mai jos.
new-practice = Noul dumneavoastră cabinet
records-2a = Dosarul dumneavoastră medical va fi trimis noului cabinet. Nu trebuie să completați un formular de înregistrare. Contactați cabinetul pentru programări sau întrebări despre îngrijirea medicală.
choice-2a = Nu trebuie să rămâneți la acest cabinet. Vă puteți înregistra oricând la alt cabinet sau ne puteți anunța dacă nu doriți să aveți medic de familie.

## 2b: not seen or treated for 5 years or more
title-2b = Înregistrarea la medicul de familie (GP) s-a încheiat
heading-2b = Înregistrarea la { $practice } s-a încheiat
reason-2b = Conform evidențelor noastre, de cel puțin 5 ani nu ați fost la medic sau la asistentă la acest cabinet și nu ați primit tratament acolo.
ends-2b = Înregistrarea s-a încheiat la închiderea cabinetului. Acum nu aveți un cabinet de medicină de familie, iar noi nu v-am înregistrat la unul nou.
register-2b = Dacă aveți nevoie de un medic de familie, vă puteți înregistra oricând la un cabinet de lângă casă.

## 2c: lives outside the area
title-2c = Înregistrați-vă la un medic de familie (GP) de lângă casă
heading-2c = Vă rugăm să vă înregistrați la un medic de familie (GP) de lângă casă în { $days ->
    [one] { $days } zi
    [few] { $days } zile
   *[other] { $days } de zile
}
reason-2c = Conform evidențelor noastre, locuiți în afara zonei { $area }, deservite de cabinet, așa că nu vă putem înregistra la un cabinet de aici.
action-2c = Vă rugăm să vă înregistrați la un cabinet de lângă casă în { $days ->
    [one] { $days } zi
    [few] { $days } zile
   *[other] { $days } de zile
} de la data acestei scrisori. După { $days ->
    [one] { $days } zi
    [few] { $days } zile
   *[other] { $days } de zile
} înregistrarea se va încheia și nu veți mai avea niciun cabinet de medicină de familie.

## Rights, finding a GP, other formats (shared)
rights-heading = Drepturile dumneavoastră conform Constituției NHS
constitution-choose = Aveți dreptul să vă alegeți cabinetul de medicină de familie (GP) și ca acesta să vă accepte, cu excepția cazului în care există motive întemeiate de refuz, caz în care vi se vor comunica aceste motive.
constitution-doctor = Aveți dreptul să vă exprimați preferința pentru un anumit medic din cabinetul dumneavoastră de medicină de familie (GP) și ca acel cabinet să încerce să o respecte.
find-gp-heading = Cum găsiți un medic de familie (GP) și cum vă înregistrați
find-gp = Căutați "find a GP" pe www.nhs.uk, scanați codul sau sunați la NHS 111. Vă puteți înregistra online sau la cabinet. Nu aveți nevoie de dovada adresei sau de act de identitate.
other-formats = Dacă doriți această scrisoare în altă limbă, cu litere mari sau în alt format, ori dacă aveți întrebări, contactați-ne la { $phone } sau la { $email } și menționați referința de mai sus.
qr-alt = Cod QR care deschide { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = Cabinetul dumneavoastră de medicină de familie (GP) se închide
heading-1 = Vă rugăm să vă înregistrați la alt medic de familie (GP)
reason-1 = Pentru a putea merge în continuare la medic, vă rugăm să vă înregistrați la alt cabinet înainte de această dată. Puteți alege orice cabinet care acceptă pacienți din zona în care locuiți.
nearby-practices = Aceste cabinete de lângă casă acceptă pacienți noi:
title-2 = Reamintire: cabinetul dumneavoastră de medicină de familie (GP) se închide
heading-2 = Reamintire: vă rugăm să vă înregistrați la alt medic de familie (GP)
reason-2 = Conform evidențelor noastre, încă nu v-ați înregistrat la alt cabinet. Vă rugăm să vă înregistrați înainte ca { $practice } să se închidă, ca să puteți merge în continuare la medic.
warning-2 = Dacă nu vă înregistrați la alt cabinet și nu ne anunțați că nu doriți să aveți medic de familie, vă vom înregistra la un cabinet de lângă casă.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } se închide pe { $date }. Înregistrați-vă la alt medic de familie: căutați "find a GP" pe nhs.uk. Întrebări? Sunați la { $phone }.
sms-2 = Reamintire: { $practice } se închide pe { $date }. Înregistrați-vă la alt medic de familie, altfel vă vom înregistra noi la unul de lângă casă. Întrebări? Sunați la { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] Vă trimitem alăturat, în Braille integral (fără prescurtări), scrisoarea despre înregistrarea dumneavoastră la medicul de familie (GP).
   *[two] Vă trimitem alăturat, în Braille, scrisoarea despre înregistrarea dumneavoastră la medicul de familie (GP).
}
