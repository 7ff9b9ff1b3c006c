## DRAFT Somali translation of en-GB/letters.ftl (unreviewed, 2026-11-24): a qualified translator must check it.
## Every sentence a patient reads in the 2a, 2b and 2c letters.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below ("24 Noofembar 2026").
date-long = { $day } { $month } { $year }
month-1 = Janaayo
month-2 = Febraayo
month-3 = Maarso
month-4 = Abriil
month-5 = Maajo
month-6 = Juun
month-7 = Luulyo
month-8 = Ogosto
month-9 = Sebtembar
month-10 = Oktoobar
month-11 = Noofembar
month-12 = Desembar

## Header and reference block
label-phone = Telefoon
label-email = Iimayl
label-date = Taariikhda
label-nhs-number = Lambarka NHS
label-reference = Lambarka tixraaca
salutation = Gacaliye { $name },
sign-off = Mahadsanid

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = Gacaliye waalidka ama mas'uulka { $child },
child-about = Warqaddan waxay ku saabsan tahay { $child }, oo ka yar 16 sano. Meesha ay ku leedahay "adiga", waxaa loola jeedaa { $child }.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] Xarunta { $practice } waxaa la xiray { $date }.
   *[no] Xarunta { $practice } waxaa la xiri doonaa { $date }.
}
wrote-before = Hore ayaan warqad kaaga codsannay inaad iska diiwaangeliso xarun kale oo dhakhtar guud (GP) ah.

## 2a: allocated to a receiving practice
title-2a = Xaruntaada cusub ee dhakhtarka guud (GP)
heading-2a = Waxaan kugu diiwaangelinay dhakhtar guud (GP) cusub
reason-2a = Diiwaankayagu wuxuu muujinayaa inaadan meel kale iska diiwaangelin. Si aad weli dhakhtar u arki karto, waxaan kugu diiwaangelinay xarunta hoos ku qoran.
new-practice = Xaruntaada cusub ee dhakhtarka guud
records-2a = Diiwaanka caafimaadkaaga waxaa loo diri doonaa xaruntaada cusub. Uma baahnid inaad buuxiso foom diiwaangelin. La xiriir xarunta si aad ballan u qabsato ama wax uga weydiiso daryeelkaaga.
choice-2a = Waajib kuma aha inaad xaruntan ku sii jirto. Waqti kasta waxaad iska diiwaangelin kartaa xarun kale, ama noo sheeg haddii aadan rabin dhakhtar guud.

## 2b: not seen or treated for 5 years or more
title-2b = Diiwaangelintaadii dhakhtarka guud (GP) way dhammaatay
heading-2b = Diiwaangelintaadii xarunta { $practice } way dhammaatay
reason-2b = Diiwaankayagu wuxuu muujinayaa in 5 sano ama ka badan aadan xarunta ku arag dhakhtar ama kalkaaliye caafimaad, aadanna halkaas daaweyn ka helin.
ends-2b = Diiwaangelintaadu waxay dhammaatay markii xarunta la xiray. Hadda dhakhtar guud kuma diiwaangashanid, mana kugu diiwaangelin xarun cusub.
register-2b = Haddii aad u baahato dhakhtar guud, waqti kasta waxaad iska diiwaangelin kartaa xarun u dhow gurigaaga.

## 2c: lives outside the area
title-2c = Fadlan iska diiwaangeli dhakhtar guud (GP) oo u dhow gurigaaga
heading-2c = Fadlan iska diiwaangeli dhakhtar guud (GP) oo u dhow gurigaaga { $days ->
    [one] { $days } maalin gudaheed
   *[other] { $days } maalmood gudahood
}
reason-2c = Diiwaankayagu wuxuu muujinayaa inaad ku nooshahay meel ka baxsan { $area }, aagga ay xaruntu u adeegi jirtay, sidaas darteed halkan kuguma diiwaangelin karno.
action-2c = Fadlan iska diiwaangeli dhakhtar guud oo u dhow gurigaaga { $days ->
    [one] { $days } maalin gudaheed
   *[other] { $days } maalmood gudahood
} laga bilaabo taariikhda warqaddan. { $days ->
    [one] { $days } maalin kadib
   *[other] { $days } maalmood kadib
} diiwaangelintaadu way dhammaan doontaa, mana yeelan doontid dhakhtar guud.

## Rights, finding a GP, other formats (shared)
rights-heading = Xuquuqdaada sida uu qabo Dastuurka NHS
constitution-choose = Waxaad xaq u leedahay inaad doorato xaruntaada dhakhtarka guud (GP), iyo in xaruntaasi ku aqbasho haddii aysan jirin sababo macquul ah oo lagu diido; haddii ay jiraan, waxaa lagu ogeysiin doonaa sababahaas.
constitution-doctor = Waxaad xaq u leedahay inaad sheegto dhakhtar gaar ah oo aad door bidayso xaruntaada dhakhtarka guud (GP), iyo in xaruntu isku daydo inay codsigaaga fuliso.
find-gp-heading = Sida loo helo dhakhtar guud (GP) loona iska diiwaangeliyo
find-gp = Ka raadi "find a GP" bogga www.nhs.uk, iskaan garee koodka QR, ama wac NHS 111. Waxaad iska diiwaangelin kartaa onlayn ama xarunta. Uma baahnid caddeyn cinwaan ama aqoonsi.
other-formats = Haddii aad rabto warqaddan oo luqad kale ku qoran, far waaweyn ama qaab kale, ama aad qabto su'aalo, nala soo xiriir { $phone } ama { $email } oo sheeg tixraaca kore.
qr-alt = Koodka QR ee fura { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = Xaruntaada dhakhtarka guud (GP) waa la xiri doonaa
heading-1 = Fadlan iska diiwaangeli xarun kale oo dhakhtar guud (GP) ah
reason-1 = Si aad weli dhakhtar u arki karto, fadlan iska diiwaangeli xarun kale oo dhakhtar guud ah ka hor taariikhdaas. Waxaad dooran kartaa xarun kasta oo bukaanno ka qaadata meesha aad ku nooshahay.
nearby-practices = Xarumahan kuu dhow waxay qaadanayaan bukaanno cusub:
title-2 = Xusuusin: xaruntaada dhakhtarka guud (GP) waa la xiri doonaa
heading-2 = Xusuusin: fadlan iska diiwaangeli xarun kale oo dhakhtar guud (GP) ah
reason-2 = Diiwaankayagu wuxuu muujinayaa inaadan weli iska diiwaangelin xarun kale. Fadlan iska diiwaangeli ka hor inta aan xarunta { $practice } la xirin, si aad weli dhakhtar u arki karto.
warning-2 = Haddii aadan iska diiwaangelin xarun kale, aadanna noo sheegin inaadan rabin dhakhtar guud, waxaan kugu diiwaangelin doonnaa xarun kuu dhow.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = Xarunta { $practice } waxaa la xiri doonaa { $date }. Fadlan iska diiwaangeli xarun kale oo dhakhtar guud ah: ka raadi "find a GP" bogga nhs.uk. Su'aalo? Wac { $phone }.
sms-2 = Xusuusin: xarunta { $practice } waxaa la xiri doonaa { $date }. Fadlan iska diiwaangeli xarun kale oo dhakhtar guud ah, haddii kale waxaan kugu diiwaangelin doonnaa xarun kuu dhow. Su'aalo? Wac { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] Warqaddaada ku saabsan diiwaangelintaada dhakhtarka guud (GP) waxaa lagu soo lifaaqay far indhoolayaal (braille) aan la soo gaabin.
   *[two] Warqaddaada ku saabsan diiwaangelintaada dhakhtarka guud (GP) waxaa lagu soo lifaaqay far indhoolayaal (braille).
}
