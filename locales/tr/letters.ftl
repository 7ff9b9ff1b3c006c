## DRAFT Turkish translation of en-GB/letters.ftl (unreviewed, 2026-11-24): a qualified translator must check it.
## Every sentence a patient reads in the 2a, 2b and 2c letters.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below ("24 Kasım 2026").
date-long = { $day } { $month } { $year }
month-1 = Ocak
month-2 = Şubat
month-3 = Mart
month-4 = Nisan
month-5 = Mayıs
month-6 = Haziran
month-7 = Temmuz
month-8 = Ağustos
month-9 = Eylül
month-10 = Ekim
month-11 = Kasım
month-12 = Aralık

## Header and reference block
label-phone = Telefon
label-email = E-posta
label-date = Tarih
label-nhs-number = NHS numarası
label-reference = Referans numaramız
salutation = Sayın { $name },
sign-off = Saygılarımla

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = Sayın { $child } adlı çocuğun ebeveyni veya vasisi,
child-about = Bu mektup, 16 yaşından küçük olan { $child } hakkındadır. Mektupta "siz" denilen yerlerde { $child } kastedilmektedir.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } { $date } tarihinde kapandı.
   *[no] { $practice } { $date } tarihinde kapanıyor.
}
wrote-before = Daha önce size yazarak başka bir aile hekimi (GP) muayenehanesine kaydolmanızı istemiştik.

## 2a: allocated to a receiving practice
title-2a = Yeni aile hekimi (GP) muayenehaneniz
heading-2a = Yeni bir aile hekimi (GP) muayenehanesine kaydınız yapıldı
reason-2a = Kayıtlarımıza göre başka bir yere kaydolmadınız. Doktora görünmeye devam edebilmeniz için sizi aşağıdaki muayenehaneye kaydettik.
new-practice = Yeni aile hekimi muayenehaneniz
records-2a = Tıbbi kayıtlarınız yeni muayenehanenize gönderilecek. Kayıt formu doldurmanız gerekmez. Randevu almak veya bakımınızla ilgili sorularınız için muayenehaneyle iletişime geçin.
choice-2a = Bu muayenehanede kalmak zorunda değilsiniz. İstediğiniz zaman başka bir muayenehaneye kaydolabilir veya bir aile hekimine kayıtlı olmak istemiyorsanız bize bildirebilirsiniz.

## 2b: not seen or treated for 5 years or more
title-2b = Aile hekimi (GP) kaydınız sona erdi
heading-2b = { $practice } muayenehanesindeki kaydınız sona erdi
reason-2b = Kayıtlarımıza göre 5 yıl veya daha uzun süredir bu muayenehanede bir doktora ya da hemşireye görünmediniz ve tedavi almadınız.
ends-2b = Kaydınız muayenehane kapandığında sona erdi. Şu anda hiçbir aile hekimi muayenehanesine kayıtlı değilsiniz ve sizi yeni bir muayenehaneye kaydetmedik.
register-2b = Aile hekimine ihtiyacınız olursa, istediğiniz zaman evinize yakın bir muayenehaneye kaydolabilirsiniz.

## 2c: lives outside the area
title-2c = Lütfen evinize yakın bir aile hekimine (GP) kaydolun
heading-2c = Lütfen { $days ->
    [one] { $days } gün
   *[other] { $days } gün
} içinde evinize yakın bir aile hekimi (GP) muayenehanesine kaydolun
reason-2c = Kayıtlarımıza göre muayenehanenin hizmet verdiği { $area } bölgesi dışında yaşıyorsunuz. Bu nedenle sizi buradaki bir muayenehaneye kaydedemiyoruz.
action-2c = Lütfen bu mektubun tarihinden itibaren { $days ->
    [one] { $days } gün
   *[other] { $days } gün
} içinde evinize yakın bir aile hekimi muayenehanesine kaydolun. { $days ->
    [one] { $days } gün
   *[other] { $days } gün
} sonra kaydınız sona erecek ve hiçbir aile hekimi muayenehanesine kayıtlı olmayacaksınız.

## Rights, finding a GP, other formats (shared)
rights-heading = NHS Anayasası'na göre haklarınız
constitution-choose = Aile hekimi (GP) muayenehanenizi seçme ve reddetmek için makul gerekçeler olmadıkça o muayenehane tarafından kabul edilme hakkına sahipsiniz; böyle bir durumda bu gerekçeler size bildirilir.
constitution-doctor = Aile hekimi (GP) muayenehanenizde belirli bir doktoru tercih ettiğinizi belirtme ve muayenehanenin bu tercihe uymaya çalışmasını isteme hakkına sahipsiniz.
find-gp-heading = Aile hekimi (GP) bulma ve kaydolma
find-gp = www.nhs.uk sitesinde "find a GP" araması yapın, kodu tarayın veya NHS 111'i arayın. İnternetten ya da muayenehanede kaydolabilirsiniz. Kaydolmak için adres belgesi veya kimlik gerekmez.
other-formats = Bu mektubu başka bir dilde, büyük puntoyla veya başka bir biçimde almak isterseniz ya da sorularınız varsa, { $phone } numarasından veya { $email } adresinden bize ulaşın ve yukarıdaki referans numarasını belirtin.
qr-alt = { $url } adresini açan QR kodu

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = Aile hekimi (GP) muayenehaneniz kapanıyor
heading-1 = Lütfen başka bir aile hekimi (GP) muayenehanesine kaydolun
reason-1 = Doktora görünmeye devam edebilmeniz için lütfen bu tarihten önce başka bir aile hekimi muayenehanesine kaydolun. Yaşadığınız bölgede hasta kabul eden herhangi bir muayenehaneyi seçebilirsiniz.
nearby-practices = Yakınınızdaki bu muayenehaneler yeni hasta kabul ediyor:
title-2 = Hatırlatma: Aile hekimi (GP) muayenehaneniz kapanıyor
heading-2 = Hatırlatma: Lütfen başka bir aile hekimi (GP) muayenehanesine kaydolun
reason-2 = Kayıtlarımıza göre henüz başka bir muayenehaneye kaydolmadınız. Doktora görünmeye devam edebilmeniz için lütfen { $practice } kapanmadan önce kaydolun.
warning-2 = Başka bir muayenehaneye kaydolmazsanız ve bir aile hekimine kayıtlı olmak istemediğinizi bize bildirmezseniz, sizi yakınınızdaki bir muayenehaneye kaydedeceğiz.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } { $date } tarihinde kapanıyor. Lütfen başka bir aile hekimine kaydolun: nhs.uk sitesinde "find a GP" arayın. Sorularınız için arayın: { $phone }.
sms-2 = Hatırlatma: { $practice } { $date } tarihinde kapanıyor. Lütfen başka bir aile hekimine kaydolun, yoksa sizi yakınınızdaki bir muayenehaneye kaydedeceğiz. Sorularınız için arayın: { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] Aile hekimi (GP) kaydınızla ilgili mektubunuz ekte kısaltmasız Braille alfabesiyle sunulmuştur.
   *[two] Aile hekimi (GP) kaydınızla ilgili mektubunuz ekte Braille alfabesiyle sunulmuştur.
}
