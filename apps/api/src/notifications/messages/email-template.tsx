import { Body, Button, Column, Container, Head, Heading, Hr, Html, Img, Link, Preview, Row, Section, Text } from '@react-email/components';
import type { Block, MessageContent } from './content.js';

/** The QR image's Content-ID: the PNG travels as an inline attachment (many mail clients block data: URIs). */
export const QR_CID = 'qr@turnero';

const BLUE = '#1f5c99';
const text = { fontSize: '15px', lineHeight: '1.5', color: '#1a1a1a', margin: '0 0 12px' };
const small = { fontSize: '13px', lineHeight: '1.5', color: '#555555', margin: '0 0 6px' };

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case 'heading':
      return (
        <Heading as="h1" style={{ fontSize: '22px', lineHeight: '1.3', margin: '0 0 16px', color: '#1a1a1a' }}>
          {block.text}
        </Heading>
      );
    case 'paragraph':
      return <Text style={text}>{block.text}</Text>;
    case 'code':
      return (
        <Section style={{ border: `1px solid ${BLUE}`, borderRadius: '8px', padding: '12px 16px', margin: '0 0 16px' }}>
          <Row>
            <Column style={{ verticalAlign: 'middle' }}>
              <Text style={{ ...small, margin: '0' }}>{block.label}</Text>
              <Text style={{ fontSize: '28px', fontWeight: 'bold', letterSpacing: '2px', fontFamily: 'Consolas,Menlo,monospace', margin: '4px 0 0', color: '#1a1a1a' }}>
                {block.code}
              </Text>
            </Column>
            <Column align="right" style={{ width: '132px', verticalAlign: 'middle' }}>
              {/* fetchPriority "low": React would otherwise add a <link rel="preload"> for the image to the head. */}
              <Img src={`cid:${QR_CID}`} alt={block.qrAlt} width="120" height="120" fetchPriority="low" style={{ display: 'block' }} />
            </Column>
          </Row>
        </Section>
      );
    case 'facts':
      return (
        <Section style={{ margin: '0 0 16px' }}>
          {block.rows.map(([label, value]) => (
            <Row key={label}>
              <Column style={{ width: '34%', verticalAlign: 'top', padding: '2px 8px 2px 0', fontSize: '14px', color: '#555555' }}>{label}</Column>
              <Column style={{ verticalAlign: 'top', padding: '2px 0', fontSize: '15px', fontWeight: 'bold', color: '#1a1a1a' }}>{value}</Column>
            </Row>
          ))}
        </Section>
      );
    case 'list':
      return (
        <Section style={{ margin: '0 0 12px' }}>
          <Text style={{ ...text, margin: '0 0 4px', fontWeight: 'bold' }}>{block.title}</Text>
          <ul style={{ margin: '0', paddingLeft: '20px', fontSize: '15px', lineHeight: '1.5' }}>
            {block.items.map((item, i) => (
              <li key={i}>{item}</li>
            ))}
          </ul>
        </Section>
      );
    case 'button':
      return (
        <Section style={{ margin: '4px 0 16px' }}>
          <Button href={block.url} style={{ backgroundColor: BLUE, color: '#ffffff', borderRadius: '6px', padding: '12px 20px', fontSize: '15px', fontWeight: 'bold', textDecoration: 'none' }}>
            {block.label}
          </Button>
        </Section>
      );
    case 'link':
      return (
        <Text style={text}>
          {block.before ? `${block.before} ` : ''}
          <Link href={block.url} style={{ color: BLUE, textDecoration: 'underline' }}>
            {block.label}
          </Link>
          {block.before ? '.' : ''}
        </Text>
      );
    case 'scores':
      return (
        <Section style={{ margin: '0 0 12px' }}>
          <Row>
            {block.items.map((item) => (
              <Column key={item.score} style={{ padding: '0 3px' }}>
                <Link
                  href={item.url}
                  style={{ display: 'block', minWidth: '56px', padding: '8px 4px', border: `1px solid ${BLUE}`, borderRadius: '6px', color: BLUE, textDecoration: 'none', textAlign: 'center' }}
                >
                  <strong style={{ fontSize: '18px' }}>{item.score}</strong>
                  <br />
                  <span style={{ fontSize: '12px' }}>{item.label}</span>
                </Link>
              </Column>
            ))}
          </Row>
        </Section>
      );
    case 'contact':
      return (
        <Text style={text}>
          {`${block.label}: `}
          {block.items.map((item, i) => (
            <span key={item.url}>
              {i > 0 ? ' · ' : ''}
              <Link href={item.url} style={{ color: BLUE, textDecoration: 'underline' }}>
                {item.text}
              </Link>
            </span>
          ))}
        </Text>
      );
    case 'small':
      return (
        <Section style={{ margin: '8px 0 0' }}>
          {block.lines.map((line, i) => (
            <Text key={i} style={small}>
              {line}
            </Text>
          ))}
        </Section>
      );
  }
}

/** One responsive email: Spanish (Chile) first, English below, at most 560 px wide. */
export function EmailTemplate({ content }: { content: MessageContent }) {
  return (
    <Html lang="es-CL">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{content.subject}</title>
      </Head>
      <Preview>{content.preview}</Preview>
      <Body style={{ margin: '0', padding: '16px 8px', backgroundColor: '#f4f5f7', fontFamily: 'Arial,Helvetica,sans-serif' }}>
        <Container style={{ maxWidth: '560px', width: '100%', backgroundColor: '#ffffff', borderRadius: '8px', padding: '24px 20px' }}>
          <Section lang="es-CL">
            {content.es.map((block, i) => (
              <BlockView key={i} block={block} />
            ))}
          </Section>
          <Hr style={{ borderTop: '1px solid #cccccc', margin: '24px 0' }} />
          <Section lang="en">
            {content.en.map((block, i) => (
              <BlockView key={i} block={block} />
            ))}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}
