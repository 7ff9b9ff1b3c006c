## DRAFT Polish translation of en-GB/letters.ftl (unreviewed, 2026-11-24): a qualified translator must check it.
## Every sentence a patient reads in the 2a, 2b and 2c letters.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below (genitive: "24 listopada 2026").
date-long = { $day } { $month } { $year }
month-1 = stycznia
month-2 = lutego
month-3 = marca
month-4 = kwietnia
month-5 = maja
month-6 = czerwca
month-7 = lipca
month-8 = sierpnia
month-9 = września
month-10 = października
month-11 = listopada
month-12 = grudnia

## Header and reference block
label-phone = Telefon
label-email = E-mail
label-date = Data
label-nhs-number = Numer NHS
label-reference = Numer referencyjny
salutation = Dzień dobry, { $name },
sign-off = Z poważaniem

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = Dzień dobry, rodzicu lub opiekunie prawny dziecka { $child },
child-about = Ten list dotyczy dziecka { $child }, które ma mniej niż 16 lat. Wszystko, co list mówi o pacjencie, dotyczy dziecka { $child }.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] Przychodnia { $practice } została zamknięta { $date }.
   *[no] Przychodnia { $practice } zostanie zamknięta { $date }.
}
wrote-before = Wcześniej pisaliśmy z prośbą o rejestrację w innej przychodni lekarza rodzinnego (GP).

## 2a: allocated to a receiving practice
title-2a = Nowa przychodnia lekarza rodzinnego (GP)
heading-2a = Dokonaliśmy rejestracji w nowej przychodni lekarza rodzinnego (GP)
reason-2a = Według naszych danych nie ma rejestracji w żadnej innej przychodni. Aby zapewnić dalszy dostęp do lekarza, dokonaliśmy rejestracji w przychodni podanej niżej.
new-practice = Nowa przychodnia
records-2a = Dokumentacja medyczna zostanie przesłana do nowej przychodni. Nie trzeba wypełniać formularza rejestracyjnego. Aby umówić wizytę lub zapytać o leczenie, prosimy o kontakt z przychodnią.
choice-2a = Nie trzeba zostawać w tej przychodni. W każdej chwili można zarejestrować się w innej przychodni lub zgłosić nam rezygnację z lekarza rodzinnego.

## 2b: not seen or treated for 5 years or more
title-2b = Koniec rejestracji u lekarza rodzinnego (GP)
heading-2b = Rejestracja w przychodni { $practice } wygasła
reason-2b = Według naszych danych od co najmniej 5 lat nie było wizyty u lekarza ani pielęgniarki w tej przychodni ani leczenia w niej.
ends-2b = Rejestracja wygasła z chwilą zamknięcia przychodni. Obecnie nie ma rejestracji w żadnej przychodni i nie dokonaliśmy rejestracji w nowej.
register-2b = W razie potrzeby w każdej chwili można zarejestrować się u lekarza rodzinnego w przychodni blisko domu.

## 2c: lives outside the area
title-2c = Prosimy o rejestrację u lekarza rodzinnego (GP) blisko domu
heading-2c = Prosimy o rejestrację w przychodni (GP) blisko domu w ciągu { $days ->
    [one] { $days } dnia
    [few] { $days } dni
    [many] { $days } dni
   *[other] { $days } dnia
}
reason-2c = Według naszych danych adres zamieszkania jest poza obszarem { $area }, który obsługiwała przychodnia, dlatego nie możemy dokonać tu rejestracji.
action-2c = Prosimy o rejestrację w przychodni blisko domu w ciągu { $days ->
    [one] { $days } dnia
    [few] { $days } dni
    [many] { $days } dni
   *[other] { $days } dnia
} od daty tego listu. Po upływie { $days ->
    [one] { $days } dnia
    [few] { $days } dni
    [many] { $days } dni
   *[other] { $days } dnia
} rejestracja wygaśnie i nie będzie rejestracji w żadnej przychodni.

## Rights, finding a GP, other formats (shared)
rights-heading = Prawa wynikające z Konstytucji NHS
constitution-choose = Każdy ma prawo wybrać swoją przychodnię lekarza rodzinnego (GP) i zostać do niej przyjęty, chyba że istnieją uzasadnione powody odmowy; w takim przypadku zostanie o nich poinformowany.
constitution-doctor = Każdy ma prawo wyrazić chęć korzystania z usług wybranego lekarza w swojej przychodni lekarza rodzinnego (GP) i oczekiwać, że przychodnia postara się to uwzględnić.
find-gp-heading = Jak znaleźć lekarza rodzinnego (GP) i się zarejestrować
find-gp = Wystarczy wyszukać "find a GP" na stronie www.nhs.uk, zeskanować kod lub zadzwonić pod NHS 111. Rejestracja jest możliwa online lub w przychodni. Do rejestracji nie trzeba potwierdzać adresu ani tożsamości.
other-formats = Aby otrzymać ten list w innym języku, dużym drukiem lub w innym formacie albo w razie pytań, prosimy o kontakt: { $phone } lub { $email }, z podaniem powyższego numeru referencyjnego.
qr-alt = Kod QR otwierający stronę { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = Przychodnia lekarza rodzinnego (GP) zostanie zamknięta
heading-1 = Prosimy o rejestrację w innej przychodni lekarza rodzinnego (GP)
reason-1 = Aby nadal mieć dostęp do lekarza, prosimy o rejestrację w innej przychodni przed tą datą. Można wybrać dowolną przychodnię, która przyjmuje pacjentów z miejsca zamieszkania.
nearby-practices = Te przychodnie blisko domu przyjmują nowych pacjentów:
title-2 = Przypomnienie: przychodnia lekarza rodzinnego (GP) zostanie zamknięta
heading-2 = Przypomnienie: prosimy o rejestrację w innej przychodni lekarza rodzinnego (GP)
reason-2 = Według naszych danych nie ma jeszcze rejestracji w innej przychodni. Prosimy o rejestrację przed zamknięciem przychodni { $practice }, aby zachować dostęp do lekarza.
warning-2 = Jeśli nie będzie rejestracji w innej przychodni ani zgłoszenia nam rezygnacji z lekarza rodzinnego, dokonamy rejestracji w przychodni blisko domu.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = Przychodnia { $practice } zostanie zamknięta { $date }. Prosimy o rejestrację w innej przychodni: wystarczy wyszukać "find a GP" na nhs.uk. Pytania? Tel. { $phone }.
sms-2 = Przypomnienie: przychodnia { $practice } zostanie zamknięta { $date }. Prosimy o rejestrację w innej przychodni, inaczej zrobimy to sami w przychodni blisko domu. Pytania? Tel. { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] W załączeniu przesyłamy list w sprawie rejestracji u lekarza rodzinnego (GP), zapisany alfabetem Braille'a bez skrótów.
   *[two] W załączeniu przesyłamy list w sprawie rejestracji u lekarza rodzinnego (GP), zapisany alfabetem Braille'a.
}
