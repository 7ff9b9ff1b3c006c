## Every sentence a patient reads in the 2a, 2b and 2c letters. en-GB is the source text.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below.
date-long = { $day } { $month } { $year }
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## The one English line at the top of every translated letter (en-GB only; { $language } is
## the locale's English name, e.g. "Polish"). It is set at the reference block's size (12 pt,
## 16 pt in large print) and must fit one line of the page at 12 pt: keep it short.
translated-notice = This letter is in { $language }. For English, call { $phone }.

## Header and reference block
label-phone = Phone
label-email = Email
label-date = Date
label-nhs-number = NHS number
label-reference = Our reference
salutation = Dear { $name }
sign-off = Yours sincerely

## A child's letter (the patient is under 16 on the letter's date) goes to their parent or
## guardian: its greeting, and the sentence after it saying whom the letter is about.
salutation-child = Dear parent or guardian of { $child }
child-about = This letter is about { $child }, who is under 16. Where it says "you", it means { $child }.
## Before the child's name in the envelope window (en-GB only: the window is read by the
## post, like the address).
window-child = The parent or guardian of
## The printed cover letter sent with a letter in braille: its one sentence, in the language
## of the braille. $grade is "one" for uncontracted braille.
braille-cover = { $grade ->
    [one] Your letter about your GP registration is enclosed in uncontracted (grade 1) braille.
   *[two] Your letter about your GP registration is enclosed in braille.
}

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } closed on { $date }.
   *[no] { $practice } is closing on { $date }.
}
wrote-before = We wrote to you before to ask you to register with another GP practice.

## 2a: allocated to a receiving practice
title-2a = Your new GP practice
heading-2a = You have been registered with a new GP practice
reason-2a = Our records show you have not registered anywhere else. So that you can still see a GP, we have registered you with the practice below.
new-practice = Your new GP practice
records-2a = Your medical records will be sent to your new practice. You do not need to fill in a registration form. Contact the practice to book an appointment or to ask about your care.
choice-2a = You do not have to stay with this practice. You can register with a different GP practice at any time, or tell us if you do not wish to be registered with a GP.

## 2b: not seen or treated for 5 years or more
title-2b = Your GP registration has ended
heading-2b = Your registration with { $practice } has ended
reason-2b = Our records show you have not seen a doctor or nurse at the practice, or had treatment there, for 5 years or more.
ends-2b = Your registration ended when the practice closed. You are not registered with a GP practice now, and we have not registered you with a new one.
register-2b = If you need a GP, you can register with a practice near your home at any time.

## 2c: lives outside the area
title-2c = Please register with a GP near your home
heading-2c = Please register with a GP practice near your home within { $days ->
    [one] { $days } day
   *[other] { $days } days
}
reason-2c = Our records show you live outside { $area }, the area the practice served, so we cannot register you with a practice here.
action-2c = Please register with a GP practice near your home within { $days ->
    [one] { $days } day
   *[other] { $days } days
} of the date of this letter. After { $days ->
    [one] { $days } day
   *[other] { $days } days
} your registration will end and you will not be registered with any GP practice.

## Rights, finding a GP, other formats (shared)
rights-heading = Your rights under the NHS Constitution
constitution-choose = You have the right to choose your GP practice, and to be accepted by that practice unless there are reasonable grounds to refuse, in which case you will be informed of those reasons.
constitution-doctor = You have the right to express a preference for using a particular doctor within your GP practice, and for the practice to try to comply.
find-gp-heading = How to find and register with a GP
find-gp = Search "find a GP" on www.nhs.uk, scan the code, or call NHS 111. You can register online or at the practice. You do not need proof of address or ID to register.
other-formats = If you would like this letter in another language, in large print or in another format, or have any questions, contact us on { $phone } or at { $email } and give the reference above.
qr-alt = QR code that opens { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = Your GP practice is closing
heading-1 = Please register with another GP practice
reason-1 = To keep seeing a GP, please register with another GP practice before then. You can choose any practice that accepts patients where you live.
nearby-practices = These practices near you are accepting new patients:
title-2 = Reminder: your GP practice is closing
heading-2 = Reminder: please register with another GP practice
reason-2 = Our records show you have not registered with another practice yet. Please register before { $practice } closes, so that you can still see a GP.
warning-2 = If you do not register with another practice, and do not tell us that you do not wish to be registered with a GP, we will register you with a practice near you.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } is closing on { $date }. Please register with another GP practice: search "find a GP" on nhs.uk. Questions? Call { $phone }.
sms-2 = Reminder: { $practice } is closing on { $date }. Please register with another GP practice, or we will register you with one near you. Questions? Call { $phone }.
