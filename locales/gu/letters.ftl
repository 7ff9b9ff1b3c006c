## Every sentence a patient reads in the 2a, 2b and 2c letters, in Gujarati.
## DRAFT translation from en-GB, not yet reviewed by a qualified translator.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below.
date-long = { $day } { $month } { $year }
month-1 = જાન્યુઆરી
month-2 = ફેબ્રુઆરી
month-3 = માર્ચ
month-4 = એપ્રિલ
month-5 = મે
month-6 = જૂન
month-7 = જુલાઈ
month-8 = ઑગસ્ટ
month-9 = સપ્ટેમ્બર
month-10 = ઑક્ટોબર
month-11 = નવેમ્બર
month-12 = ડિસેમ્બર

## Header and reference block
label-phone = ફોન
label-email = ઇમેઇલ
label-date = તારીખ
label-nhs-number = NHS નંબર
label-reference = અમારો સંદર્ભ
salutation = પ્રિય { $name }
sign-off = શુભેચ્છાઓ સાથે

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = { $child }ના પ્રિય માતા-પિતા અથવા વાલી
child-about = આ પત્ર { $child } વિશે છે, જેમની ઉંમર 16 વર્ષથી ઓછી છે. પત્રમાં જ્યાં "તમે" લખ્યું છે, ત્યાં તેનો અર્થ { $child } છે.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } { $date }ના રોજ બંધ થઈ ગઈ.
   *[no] { $practice } { $date }ના રોજ બંધ થઈ રહી છે.
}
wrote-before = બીજી GP (ફેમિલી ડૉક્ટર) પ્રેક્ટિસમાં નોંધણી કરાવવા માટે અમે તમને પહેલાં પત્ર લખ્યો હતો.

## 2a: allocated to a receiving practice
title-2a = તમારી નવી GP પ્રેક્ટિસ
heading-2a = તમારી નોંધણી નવી GP પ્રેક્ટિસમાં કરવામાં આવી છે
reason-2a = અમારા રેકોર્ડ મુજબ તમે બીજે ક્યાંય નોંધણી કરાવી નથી. તમે GPને મળી શકો તે માટે, અમે તમારી નોંધણી નીચેની પ્રેક્ટિસમાં કરી છે.
new-practice = તમારી નવી GP પ્રેક્ટિસ
records-2a = તમારા મેડિકલ રેકોર્ડ તમારી નવી પ્રેક્ટિસને મોકલવામાં આવશે. તમારે નોંધણી ફોર્મ ભરવાની જરૂર નથી. એપોઇન્ટમેન્ટ લેવા અથવા તમારી સારવાર વિશે પૂછવા માટે પ્રેક્ટિસનો સંપર્ક કરો.
choice-2a = તમારે આ પ્રેક્ટિસમાં જ રહેવું જરૂરી નથી. તમે ગમે ત્યારે બીજી GP પ્રેક્ટિસમાં નોંધણી કરાવી શકો છો, અથવા જો તમે કોઈ GP પાસે નોંધાયેલા રહેવા ન માંગતા હો તો અમને જણાવો.

## 2b: not seen or treated for 5 years or more
title-2b = તમારી GP નોંધણી સમાપ્ત થઈ છે
heading-2b = { $practice }માં તમારી નોંધણી સમાપ્ત થઈ છે
reason-2b = અમારા રેકોર્ડ મુજબ, તમે 5 વર્ષ કે તેથી વધુ સમયથી આ પ્રેક્ટિસમાં કોઈ ડૉક્ટર કે નર્સને મળ્યા નથી, કે ત્યાં સારવાર લીધી નથી.
ends-2b = પ્રેક્ટિસ બંધ થઈ ત્યારે તમારી નોંધણી સમાપ્ત થઈ. તમે હવે કોઈ GP પ્રેક્ટિસમાં નોંધાયેલા નથી, અને અમે તમારી નોંધણી નવી પ્રેક્ટિસમાં કરી નથી.
register-2b = જો તમને GPની જરૂર હોય, તો તમે ગમે ત્યારે તમારા ઘરની નજીકની પ્રેક્ટિસમાં નોંધણી કરાવી શકો છો.

## 2c: lives outside the area
title-2c = કૃપા કરીને તમારા ઘરની નજીકના GP પાસે નોંધણી કરાવો
heading-2c = કૃપા કરીને { $days ->
    [one] { $days } દિવસની
   *[other] { $days } દિવસની
} અંદર તમારા ઘરની નજીકની GP પ્રેક્ટિસમાં નોંધણી કરાવો
reason-2c = અમારા રેકોર્ડ મુજબ તમે { $area }ની બહાર રહો છો, જે વિસ્તારમાં આ પ્રેક્ટિસ સેવા આપતી હતી, તેથી અમે તમારી નોંધણી અહીંની પ્રેક્ટિસમાં કરી શકતા નથી.
action-2c = કૃપા કરીને આ પત્રની તારીખથી { $days ->
    [one] { $days } દિવસની
   *[other] { $days } દિવસની
} અંદર તમારા ઘરની નજીકની GP પ્રેક્ટિસમાં નોંધણી કરાવો. { $days ->
    [one] { $days } દિવસ
   *[other] { $days } દિવસ
} પછી તમારી નોંધણી સમાપ્ત થઈ જશે અને તમે કોઈ પણ GP પ્રેક્ટિસમાં નોંધાયેલા નહીં રહો.

## Rights, finding a GP, other formats (shared)
rights-heading = NHS બંધારણ હેઠળ તમારા અધિકારો
constitution-choose = તમને તમારી GP પ્રેક્ટિસ પસંદ કરવાનો, અને તે પ્રેક્ટિસ દ્વારા સ્વીકારવામાં આવવાનો અધિકાર છે, સિવાય કે ઇનકાર કરવા માટે વાજબી કારણો હોય, તે સ્થિતિમાં તમને તે કારણો જણાવવામાં આવશે.
constitution-doctor = તમને તમારી GP પ્રેક્ટિસમાં કોઈ ચોક્કસ ડૉક્ટરને બતાવવાની પસંદગી દર્શાવવાનો, અને પ્રેક્ટિસ તેનું પાલન કરવાનો પ્રયાસ કરે તેવો અધિકાર છે.
find-gp-heading = GP કેવી રીતે શોધવા અને નોંધણી કરાવવી
find-gp = www.nhs.uk પર "find a GP" શોધો, કોડ સ્કેન કરો, અથવા NHS 111 પર ફોન કરો. તમે ઓનલાઇન અથવા પ્રેક્ટિસમાં જઈને નોંધણી કરાવી શકો છો. નોંધણી માટે સરનામાના પુરાવા કે ઓળખપત્રની જરૂર નથી.
other-formats = જો તમને આ પત્ર બીજી ભાષામાં, મોટા અક્ષરોમાં કે બીજા ફોર્મેટમાં જોઈતો હોય, અથવા કોઈ પ્રશ્ન હોય, તો { $phone } પર અથવા { $email } પર અમારો સંપર્ક કરો અને ઉપરનો સંદર્ભ જણાવો.
qr-alt = { $url } ખોલતો QR કોડ

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = તમારી GP પ્રેક્ટિસ બંધ થઈ રહી છે
heading-1 = કૃપા કરીને બીજી GP પ્રેક્ટિસમાં નોંધણી કરાવો
reason-1 = GPને મળતા રહેવા માટે, કૃપા કરીને તે તારીખ પહેલાં બીજી GP પ્રેક્ટિસમાં નોંધણી કરાવો. તમારા વિસ્તારમાં દર્દીઓને સ્વીકારતી કોઈ પણ પ્રેક્ટિસ તમે પસંદ કરી શકો છો.
nearby-practices = તમારી નજીકની આ પ્રેક્ટિસ નવા દર્દીઓને સ્વીકારી રહી છે:
title-2 = રિમાઇન્ડર: તમારી GP પ્રેક્ટિસ બંધ થઈ રહી છે
heading-2 = રિમાઇન્ડર: કૃપા કરીને બીજી GP પ્રેક્ટિસમાં નોંધણી કરાવો
reason-2 = અમારા રેકોર્ડ મુજબ તમે હજી બીજી પ્રેક્ટિસમાં નોંધણી કરાવી નથી. તમે GPને મળી શકો તે માટે, કૃપા કરીને { $practice } બંધ થાય તે પહેલાં નોંધણી કરાવો.
warning-2 = જો તમે બીજી પ્રેક્ટિસમાં નોંધણી ન કરાવો, અને કોઈ GP પાસે નોંધાયેલા રહેવા નથી માંગતા એવું અમને ન જણાવો, તો અમે તમારી નોંધણી તમારી નજીકની પ્રેક્ટિસમાં કરીશું.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } { $date }ના રોજ બંધ થઈ રહી છે. બીજી GP પ્રેક્ટિસમાં નોંધણી કરાવો: nhs.uk પર "find a GP" શોધો. પ્રશ્ન હોય તો { $phone } પર ફોન કરો.
sms-2 = રિમાઇન્ડર: { $practice } { $date }ના રોજ બંધ થઈ રહી છે. બીજી GP પ્રેક્ટિસમાં નોંધણી કરાવો, નહીં તો અમે તમારી નોંધણી નજીકની પ્રેક્ટિસમાં કરીશું. પ્રશ્ન હોય તો { $phone } પર ફોન કરો.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] તમારી GP નોંધણી વિશેનો તમારો પત્ર સંક્ષેપ વિનાની બ્રેઇલ લિપિમાં સાથે મોકલેલ છે.
   *[two] તમારી GP નોંધણી વિશેનો તમારો પત્ર બ્રેઇલ લિપિમાં સાથે મોકલેલ છે.
}
