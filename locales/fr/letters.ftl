## DRAFT French translation of en-GB/letters.ftl (unreviewed, 2026-11-24): a qualified translator must check it.
## Every sentence a patient reads in the 2a, 2b and 2c letters.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below ("24 novembre 2026").
## French writes "1er" for the first day of a month; { $day } arrives as text, so this gives "1 novembre".
date-long = { $day } { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre

## Header and reference block
label-phone = Téléphone
label-email = E-mail
label-date = Date
label-nhs-number = Numéro NHS
label-reference = Notre référence
salutation = Bonjour { $name },
sign-off = Cordialement

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = Bonjour, parent ou tuteur de { $child },
child-about = Cette lettre concerne { $child }, qui a moins de 16 ans. Quand elle dit "vous", il s'agit de { $child }.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] Le cabinet { $practice } a fermé le { $date }.
   *[no] Le cabinet { $practice } ferme le { $date }.
}
wrote-before = Nous vous avions déjà écrit pour vous demander de vous inscrire dans un autre cabinet (GP).

## 2a: allocated to a receiving practice
title-2a = Votre nouveau cabinet médical (GP)
heading-2a = Vous êtes inscrit(e) dans un nouveau cabinet médical (GP)
reason-2a = D'après nos dossiers, vous n'êtes inscrit(e) nulle part ailleurs. Pour que vous puissiez voir un médecin, nous vous avons inscrit(e) au cabinet ci-dessous.
new-practice = Votre nouveau cabinet médical
records-2a = Votre dossier médical sera envoyé à votre nouveau cabinet. Vous n'avez pas de formulaire d'inscription à remplir. Contactez le cabinet pour prendre rendez-vous ou pour toute question sur vos soins.
choice-2a = Vous n'êtes pas obligé(e) de rester dans ce cabinet. Vous pouvez vous inscrire ailleurs à tout moment, ou nous dire si vous ne souhaitez pas avoir de médecin généraliste.

## 2b: not seen or treated for 5 years or more
title-2b = Votre inscription chez le médecin généraliste (GP) a pris fin
heading-2b = Votre inscription au cabinet { $practice } a pris fin
reason-2b = D'après nos dossiers, depuis 5 ans ou plus, vous n'avez vu aucun médecin ni infirmier du cabinet et n'y avez reçu aucun soin.
ends-2b = Votre inscription a pris fin à la fermeture du cabinet. Vous n'avez plus de médecin généraliste et nous ne vous avons pas inscrit(e) ailleurs.
register-2b = Si vous avez besoin d'un médecin, vous pouvez vous inscrire à tout moment dans un cabinet près de chez vous.

## 2c: lives outside the area
title-2c = Inscrivez-vous chez un médecin (GP) près de chez vous
heading-2c = Inscrivez-vous dans un cabinet médical (GP) près de chez vous sous { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}
reason-2c = D'après nos dossiers, vous habitez en dehors de { $area }, la zone desservie par le cabinet. Nous ne pouvons donc pas vous inscrire ici.
action-2c = Veuillez vous inscrire dans un cabinet médical près de chez vous sous { $days ->
    [one] { $days } jour
   *[other] { $days } jours
} à compter de la date de ce courrier. Après { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}, votre inscription prendra fin et vous n'aurez plus de cabinet médical.

## Rights, finding a GP, other formats (shared)
rights-heading = Vos droits selon la Constitution du NHS
constitution-choose = Vous avez le droit de choisir votre cabinet médical (GP) et d'être accepté(e) par ce cabinet, sauf s'il existe des motifs raisonnables de refus, auquel cas ces motifs vous seront communiqués.
constitution-doctor = Vous avez le droit d'exprimer une préférence pour un médecin en particulier dans votre cabinet médical (GP), et à ce que le cabinet s'efforce de la respecter.
find-gp-heading = Comment trouver un médecin généraliste (GP) et s'inscrire
find-gp = Cherchez "find a GP" sur www.nhs.uk, scannez le code ou appelez le NHS 111. Vous pouvez vous inscrire en ligne ou au cabinet. Aucun justificatif de domicile ni pièce d'identité n'est demandé.
other-formats = Pour recevoir ce courrier dans une autre langue, en gros caractères ou sous un autre format, ou pour toute question, contactez-nous au { $phone } ou à { $email } en indiquant la référence ci-dessus.
qr-alt = Code QR qui ouvre { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = Votre cabinet médical (GP) va fermer
heading-1 = Inscrivez-vous dans un autre cabinet médical (GP)
reason-1 = Pour continuer à voir un médecin, inscrivez-vous dans un autre cabinet avant cette date. Vous pouvez choisir n'importe quel cabinet qui accepte les patients là où vous habitez.
nearby-practices = Ces cabinets près de chez vous acceptent de nouveaux patients :
title-2 = Rappel : votre cabinet médical (GP) va fermer
heading-2 = Rappel : inscrivez-vous dans un autre cabinet médical (GP)
reason-2 = D'après nos dossiers, vous n'êtes pas encore inscrit(e) dans un autre cabinet. Inscrivez-vous avant la fermeture du cabinet { $practice }, pour pouvoir continuer à voir un médecin.
warning-2 = Si vous ne vous inscrivez pas dans un autre cabinet, et si vous ne nous dites pas que vous ne souhaitez pas avoir de médecin généraliste, nous vous inscrirons dans un cabinet près de chez vous.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = Le cabinet { $practice } ferme le { $date }. Inscrivez-vous dans un autre cabinet : cherchez "find a GP" sur nhs.uk. Des questions ? Appelez le { $phone }.
sms-2 = Rappel : le cabinet { $practice } ferme le { $date }. Inscrivez-vous dans un autre cabinet, sinon nous vous inscrirons dans un cabinet près de chez vous. Des questions ? Appelez le { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] Votre courrier concernant votre inscription chez un médecin généraliste (GP) est joint en braille intégral (non abrégé).
   *[two] Votre courrier concernant votre inscription chez un médecin généraliste (GP) est joint en braille.
}
