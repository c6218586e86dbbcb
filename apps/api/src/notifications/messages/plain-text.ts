import type { Block, MessageContent } from './content.js';

/** The text/plain part: the same blocks as the HTML, links written out. */
export function plainText(content: MessageContent): string {
  return [...content.es.flatMap(blockText), '----', '', ...content.en.flatMap(blockText)].join('\n');
}

function blockText(block: Block): string[] {
  switch (block.type) {
    case 'heading':
      return [block.text, ''];
    case 'paragraph':
      return [block.text, ''];
    case 'code':
      return [`${block.label}: ${block.code}`, ''];
    case 'facts':
      return [...block.rows.map(([label, value]) => `${label}: ${value}`), ''];
    case 'list':
      return [block.title, ...block.items.map((item) => `• ${item}`), ''];
    case 'button':
      return [`${block.label}: ${block.url}`, ''];
    case 'link':
      return [block.before ? `${block.before} «${block.label}»: ${block.url}` : `${block.label}: ${block.url}`, ''];
    case 'scores':
      return [...block.items.map((item) => `${item.score} – ${item.label}: ${item.url}`), ''];
    case 'small':
      return [...block.lines, ''];
    case 'contact':
      return [`${block.label}: ${block.items.map((item) => item.text).join(' · ')}`, ''];
  }
}
