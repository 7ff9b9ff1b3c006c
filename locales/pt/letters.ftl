## DRAFT Portuguese translation of en-GB/letters.ftl (unreviewed, 2026-11-24): a qualified translator must check it.
## Wording chosen to read naturally in Portugal and Brazil (no "você"/"o senhor"; "inscrever-se", not "registar/registrar").
## Every sentence a patient reads in the 2a, 2b and 2c letters.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below ("24 de novembro de 2026").
date-long = { $day } de { $month } de { $year }
month-1 = janeiro
month-2 = fevereiro
month-3 = março
month-4 = abril
month-5 = maio
month-6 = junho
month-7 = julho
month-8 = agosto
month-9 = setembro
month-10 = outubro
month-11 = novembro
month-12 = dezembro

## Header and reference block
label-phone = Telefone
label-email = E-mail
label-date = Data
label-nhs-number = Número do NHS
label-reference = A nossa referência
salutation = Caro(a) { $name },
sign-off = Com os melhores cumprimentos

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = Caro(a) pai, mãe ou tutor(a) de { $child },
child-about = Esta carta diz respeito a { $child }, que tem menos de 16 anos. Quando se dirige a si, refere-se a { $child }.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } fechou em { $date }.
   *[no] { $practice } vai fechar em { $date }.
}
wrote-before = Já lhe escrevemos antes para pedir que se inscrevesse noutro médico de família (GP).

## 2a: allocated to a receiving practice
title-2a = O seu novo médico de família (GP)
heading-2a = Fizemos a sua inscrição num novo médico de família (GP)
reason-2a = Segundo os nossos dados, não se inscreveu em nenhum outro lugar. Para que possa continuar a ir ao médico, fizemos a sua inscrição no consultório abaixo.
new-practice = O seu novo consultório
records-2a = O seu histórico médico será enviado para o novo consultório. Não é necessário preencher um formulário de inscrição. Fale com o consultório para marcar consulta ou tirar dúvidas sobre os seus cuidados.
choice-2a = Não é obrigatório ficar neste consultório. Pode inscrever-se noutro consultório a qualquer momento, ou informar-nos se não quiser ter médico de família.

## 2b: not seen or treated for 5 years or more
title-2b = A sua inscrição no médico de família (GP) terminou
heading-2b = A sua inscrição no consultório { $practice } terminou
reason-2b = Segundo os nossos dados, não teve consultas com médico ou enfermeiro deste consultório, nem recebeu tratamento lá, há 5 anos ou mais.
ends-2b = A sua inscrição terminou quando o consultório fechou. Neste momento não tem médico de família e não fizemos nenhuma nova inscrição.
register-2b = Se precisar de médico de família, pode inscrever-se a qualquer momento num consultório perto de casa.

## 2c: lives outside the area
title-2c = Inscreva-se num médico de família (GP) perto de casa
heading-2c = Inscreva-se num médico de família (GP) perto de casa no prazo de { $days ->
    [one] { $days } dia
   *[other] { $days } dias
}
reason-2c = Segundo os nossos dados, vive fora de { $area }, a área servida pelo consultório, por isso não podemos fazer a sua inscrição aqui.
action-2c = Inscreva-se num médico de família perto de casa no prazo de { $days ->
    [one] { $days } dia
   *[other] { $days } dias
} a contar da data desta carta. Após { $days ->
    [one] { $days } dia
   *[other] { $days } dias
}, a sua inscrição termina e ficará sem médico de família.

## Rights, finding a GP, other formats (shared)
rights-heading = Os seus direitos segundo a Constituição do NHS
constitution-choose = Tem o direito de escolher o seu consultório de médico de família (GP) e a que esse consultório aceite a sua inscrição, a menos que haja motivos razoáveis para a recusar, caso em que esses motivos lhe serão comunicados.
constitution-doctor = Tem o direito de manifestar preferência por um determinado médico do seu consultório de médico de família (GP), e a que o consultório procure respeitá-la.
find-gp-heading = Como encontrar um médico de família (GP) e inscrever-se
find-gp = Pesquise "find a GP" em www.nhs.uk, leia o código QR ou ligue para o NHS 111. Pode inscrever-se online ou no consultório. Não é necessário comprovar o endereço nem apresentar identificação.
other-formats = Se quiser esta carta noutra língua, em letra grande ou noutro formato, ou se tiver alguma dúvida, ligue para { $phone } ou escreva para { $email }, indicando a referência acima.
qr-alt = Código QR que abre { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = O seu consultório de médico de família (GP) vai fechar
heading-1 = Inscreva-se noutro médico de família (GP)
reason-1 = Para continuar a ir ao médico, inscreva-se noutro consultório antes dessa data. Pode escolher qualquer consultório que aceite pacientes da zona onde vive.
nearby-practices = Estes consultórios perto de casa aceitam novos pacientes:
title-2 = Lembrete: o seu consultório de médico de família (GP) vai fechar
heading-2 = Lembrete: inscreva-se noutro médico de família (GP)
reason-2 = Segundo os nossos dados, ainda não se inscreveu noutro consultório. Inscreva-se antes de { $practice } fechar, para poder continuar a ir ao médico.
warning-2 = Se não se inscrever noutro consultório e não nos informar de que não quer ter médico de família, faremos a sua inscrição num consultório perto de casa.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } vai fechar em { $date }. Inscreva-se noutro médico (GP): pesquise "find a GP" em nhs.uk. Perguntas? Ligue para { $phone }.
sms-2 = Lembrete: { $practice } vai fechar em { $date }. Inscreva-se noutro médico de família, senão faremos a sua inscrição num perto de casa. Perguntas? Ligue para { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] Junto enviamos, em braille integral (sem abreviaturas), a sua carta sobre a sua inscrição no médico de família (GP).
   *[two] Junto enviamos, em braille, a sua carta sobre a sua inscrição no médico de família (GP).
}
