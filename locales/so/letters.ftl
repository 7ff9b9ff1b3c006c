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
