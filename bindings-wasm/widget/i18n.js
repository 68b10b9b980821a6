// Interface text of the <esafety-consent> widget in English and Welsh. Only presentation
// lives here: which channels exist, what counts as consent and every decision come from the
// WebAssembly core.

export const TEXT = {
  en: {
    heading: 'Photographs, video and your child',
    intro: 'For each use below, choose yes or no. Nothing is chosen for you. You can change or withdraw any answer at any time on this page, and withdrawing is as easy as giving.',
    noticeLink: 'Read how the school uses images',
    noticeVersion: (v) => `Notice version ${v}`,
    yes: 'Yes, I give consent',
    no: 'No, I do not give consent',
    withdraw: 'No, withdraw my consent',
    current: {
      given: 'Current answer: consent given',
      refused: 'Current answer: consent not given',
      withdrawn: 'Current answer: consent withdrawn',
      expired: 'Current answer: consent has expired and must be given again',
      not_asked: 'Current answer: not answered yet',
      not_available: 'Images of your child are not used at present; the school can explain',
      left_roll: 'Your child is no longer on the school roll: the school will make no new use of their images',
      pupil_refused: 'Your child has said no, and the school respects their wish',
      adult_pupil: 'Your child is 18 or over and decides for themselves: their own answer counts, not a parent\'s',
    },
    save: 'Save my answers',
    saving: 'Saving…',
    nothingChosen: 'Choose yes or no for at least one use before saving.',
    saved: (n) => `Saved ${n} answer${n === 1 ? '' : 's'}. Thank you.`,
    postFailed: 'Your answers are recorded here but could not be sent to the school. Please try again.',
    invalid: (code) => `Your answers could not be recorded (${code}). Please contact the school office.`,
    printedNote: 'Printed copies, press coverage and video recordings already published cannot be recalled.',
    channels: {
      printed_publications: ['Printed publications and displays', 'Prospectus, newsletters and displays around the school.'],
      in_school_display: ['Displays in school', 'Photographs on walls and screens inside the school.'],
      school_website: ['The school website', 'Photographs on the public school website, never with your child\'s full name.'],
      school_social_media: ['The school\'s social media', 'Official school accounts, never with your child\'s full name.'],
      video_recording: ['Video recordings', 'Videos of school events and activities.'],
      press_media: ['Newspapers and television', 'Local or national press and TV covering school events.'],
      learning_platform_parents: ['Learning platform for parents', 'Shared only with your own family on the school\'s learning platform.'],
      class_group_shared_with_parents: ['Class pictures shared with parents', 'Group pictures shared with the parents of the class.'],
      external_photographer: ['External photographer', 'A professional photographer working for the school (for example class photographs).'],
      pupil_work_with_name: ['Your child\'s work with their name', 'Displaying or publishing work together with your child\'s name.'],
    },
  },
  cy: {
    heading: 'Ffotograffau, fideo a\'ch plentyn',
    intro: 'Ar gyfer pob defnydd isod, dewiswch ie neu na. Nid oes dim wedi\'i ddewis ar eich rhan. Gallwch newid neu dynnu unrhyw ateb yn ôl unrhyw bryd ar y dudalen hon, ac mae tynnu caniatâd yn ôl mor hawdd â\'i roi.',
    noticeLink: 'Darllenwch sut mae\'r ysgol yn defnyddio delweddau',
    noticeVersion: (v) => `Fersiwn yr hysbysiad ${v}`,
    yes: 'Ydw, rwy\'n rhoi caniatâd',
    no: 'Nac ydw, nid wyf yn rhoi caniatâd',
    withdraw: 'Na, rwy\'n tynnu fy nghaniatâd yn ôl',
    current: {
      given: 'Ateb presennol: caniatâd wedi\'i roi',
      refused: 'Ateb presennol: dim caniatâd',
      withdrawn: 'Ateb presennol: caniatâd wedi\'i dynnu\'n ôl',
      expired: 'Ateb presennol: mae\'r caniatâd wedi dod i ben a rhaid ei roi eto',
      not_asked: 'Ateb presennol: heb ateb eto',
      not_available: 'Nid yw delweddau o\'ch plentyn yn cael eu defnyddio ar hyn o bryd; gall yr ysgol egluro',
      left_roll: 'Nid yw eich plentyn ar gofrestr yr ysgol mwyach: ni fydd yr ysgol yn gwneud defnydd newydd o\'i ddelweddau',
      pupil_refused: 'Mae eich plentyn wedi dweud na, ac mae\'r ysgol yn parchu ei ddymuniad',
      adult_pupil: 'Mae eich plentyn yn 18 oed neu\'n hŷn ac yn penderfynu drosto\'i hun: ei ateb ei hun sy\'n cyfrif, nid ateb rhiant',
    },
    save: 'Cadw fy atebion',
    saving: 'Wrthi\'n cadw…',
    nothingChosen: 'Dewiswch ie neu na ar gyfer o leiaf un defnydd cyn cadw.',
    saved: (n) => `Wedi cadw ${n} ${n === 1 ? 'ateb' : 'ateb'}. Diolch.`,
    postFailed: 'Mae eich atebion wedi\'u cofnodi yma ond nid oedd modd eu hanfon at yr ysgol. Rhowch gynnig arall arni.',
    invalid: (code) => `Nid oedd modd cofnodi eich atebion (${code}). Cysylltwch â swyddfa\'r ysgol.`,
    printedNote: 'Nid oes modd galw\'n ôl gopïau printiedig, sylw yn y wasg na recordiadau fideo sydd eisoes wedi\'u cyhoeddi.',
    channels: {
      printed_publications: ['Cyhoeddiadau printiedig ac arddangosfeydd', 'Prosbectws, cylchlythyrau ac arddangosfeydd o gwmpas yr ysgol.'],
      in_school_display: ['Arddangosfeydd yn yr ysgol', 'Ffotograffau ar waliau a sgriniau y tu mewn i\'r ysgol.'],
      school_website: ['Gwefan yr ysgol', 'Ffotograffau ar wefan gyhoeddus yr ysgol, byth gydag enw llawn eich plentyn.'],
      school_social_media: ['Cyfryngau cymdeithasol yr ysgol', 'Cyfrifon swyddogol yr ysgol, byth gydag enw llawn eich plentyn.'],
      video_recording: ['Recordiadau fideo', 'Fideos o ddigwyddiadau a gweithgareddau\'r ysgol.'],
      press_media: ['Papurau newydd a theledu', 'Y wasg leol neu genedlaethol a theledu yn rhoi sylw i ddigwyddiadau\'r ysgol.'],
      learning_platform_parents: ['Platfform dysgu i rieni', 'Yn cael eu rhannu gyda\'ch teulu chi yn unig ar blatfform dysgu\'r ysgol.'],
      class_group_shared_with_parents: ['Lluniau dosbarth a rennir gyda rhieni', 'Lluniau grŵp a rennir gyda rhieni\'r dosbarth.'],
      external_photographer: ['Ffotograffydd allanol', 'Ffotograffydd proffesiynol sy\'n gweithio i\'r ysgol (er enghraifft lluniau dosbarth).'],
      pupil_work_with_name: ['Gwaith eich plentyn gyda\'i enw', 'Arddangos neu gyhoeddi gwaith ynghyd ag enw eich plentyn.'],
    },
  },
};

/** The text for a language, falling back to English. */
export function text(lang) {
  return TEXT[lang] || TEXT.en;
}

/** Label and description of a channel id (per-platform ids such as school_social_media.instagram too). */
export function channelText(lang, channel) {
  const t = text(lang);
  const [base, platform] = channel.split('.');
  const entry = t.channels[base] || [channel, ''];
  return platform ? [`${entry[0]} (${platform})`, entry[1]] : entry;
}
